package io.herald.auth.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A PostgreSQL database of its own for one test class, dropped by {@link #drop()}: created in a PostgreSQL container
 * when a Docker engine is available, otherwise on the server named by {@code HERALD_JDBC_URL}
 * [jdbc:postgresql://127.0.0.1:5432/postgres] (user {@code HERALD_JDBC_USER} [postgres]).
 */
public final class TestDatabase {

    private static final boolean DOCKER = dockerAvailable();
    private static final String ADMIN_URL = DOCKER ? container()
        : env("HERALD_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = DOCKER ? "postgres" : env("HERALD_JDBC_USER", "postgres");
    private static final String PASSWORD = DOCKER ? "" : env("HERALD_JDBC_PASSWORD", "");

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /** Creates {@code herald_auth_<random>}. */
    public static TestDatabase create() {
        String name = "herald_auth_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
            .toLowerCase(Locale.ROOT);
        execute("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    /** @return the JDBC URL of this database */
    public String url() {
        int slash = ADMIN_URL.lastIndexOf('/');
        int query = ADMIN_URL.indexOf('?', slash);
        return ADMIN_URL.substring(0, slash + 1) + name + (query < 0 ? "" : ADMIN_URL.substring(query));
    }

    /** @return the user name */
    public String user() {
        return USER;
    }

    /** @return the password */
    public String password() {
        return PASSWORD;
    }

    /** Drops the database, closing any connection still open. */
    public void drop() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on " + ADMIN_URL, e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    private static String container() {
        GenericContainer<?> pg = new GenericContainer<>("postgres:15").withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
            .withExposedPorts(5432)
            .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
        pg.start();
        return "jdbc:postgresql://" + pg.getHost() + ":" + pg.getMappedPort(5432) + "/postgres";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

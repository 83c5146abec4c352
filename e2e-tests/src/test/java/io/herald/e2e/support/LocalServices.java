package io.herald.e2e.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The NATS JetStream server and PostgreSQL server the e2e run uses: containers when a Docker engine is
 * available, otherwise the local services named by {@code HERALD_NATS_URL} and {@code HERALD_JDBC_URL}.
 */
public final class LocalServices {

    private static LocalServices instance;

    private final String natsUrl;
    private final String jdbcBase;
    private final String jdbcUser;
    private final String jdbcPassword;

    private LocalServices(String natsUrl, String jdbcBase, String jdbcUser, String jdbcPassword) {
        this.natsUrl = natsUrl;
        this.jdbcBase = jdbcBase;
        this.jdbcUser = jdbcUser;
        this.jdbcPassword = jdbcPassword;
    }

    /** The services of this JVM, started (containers) or located (local) on first use. */
    public static synchronized LocalServices get() {
        if (instance == null) {
            instance = dockerAvailable() ? fromContainers() : fromEnvironment();
        }
        return instance;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // containers live as long as the JVM; Ryuk removes them
    private static LocalServices fromContainers() {
        GenericContainer<?> nats = new GenericContainer<>("nats:2.10")
                .withCommand("-js")
                .withExposedPorts(4222)
                .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1));
        nats.start();
        GenericContainer<?> pg = new GenericContainer<>("postgres:15")
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withExposedPorts(5432)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
        pg.start();
        return new LocalServices(
                "nats://" + nats.getHost() + ":" + nats.getMappedPort(4222),
                "jdbc:postgresql://" + pg.getHost() + ":" + pg.getMappedPort(5432) + "/",
                "postgres", "");
    }

    private static LocalServices fromEnvironment() {
        String nats = env("HERALD_NATS_URL", "nats://127.0.0.1:4222");
        String jdbc = env("HERALD_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String base = jdbc.substring(0, jdbc.lastIndexOf('/') + 1);
        return new LocalServices(nats, base, env("HERALD_JDBC_USER", "postgres"), env("HERALD_JDBC_PASSWORD", ""));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public String natsUrl() {
        return natsUrl;
    }

    public String jdbcUrl(String database) {
        return jdbcBase + database;
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    public String jdbcPassword() {
        return jdbcPassword;
    }

    /** Creates a fresh, empty database; the name must be a simple lowercase identifier. */
    public void createDatabase(String name) {
        adminUpdate("CREATE DATABASE " + checkIdentifier(name));
    }

    /** Drops a database created by {@link #createDatabase}, disconnecting its sessions first. */
    public void dropDatabase(String name) {
        adminUpdate("DROP DATABASE IF EXISTS " + checkIdentifier(name) + " WITH (FORCE)");
    }

    private static String checkIdentifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a simple database name: " + name);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private void adminUpdate(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), jdbcUser, jdbcPassword);
             Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + jdbcBase + " refused: " + sql, e);
        }
    }
}

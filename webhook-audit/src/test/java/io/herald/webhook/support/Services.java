package io.herald.webhook.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * NATS JetStream and PostgreSQL for integration tests: containers when a Docker engine is available, otherwise
 * the local services of {@code HERALD_NATS_URL} / {@code HERALD_JDBC_URL}.
 */
public final class Services {

    private static Services instance;

    private final String natsUrl;
    private final String jdbcBase;
    private final String user;
    private final String password;

    private Services(String natsUrl, String jdbcBase, String user, String password) {
        this.natsUrl = natsUrl;
        this.jdbcBase = jdbcBase;
        this.user = user;
        this.password = password;
    }

    /** @return the services of this JVM */
    public static synchronized Services get() {
        if (instance == null) {
            boolean docker;
            try {
                docker = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | Error e) {
                docker = false;
            }
            instance = docker ? containers() : local();
        }
        return instance;
    }

    @SuppressWarnings("resource")
    private static Services containers() {
        GenericContainer<?> nats = new GenericContainer<>("nats:2.10").withCommand("-js").withExposedPorts(4222)
                .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1));
        nats.start();
        GenericContainer<?> pg = new GenericContainer<>("postgres:15").withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withExposedPorts(5432)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
        pg.start();
        return new Services("nats://" + nats.getHost() + ":" + nats.getMappedPort(4222),
                "jdbc:postgresql://" + pg.getHost() + ":" + pg.getMappedPort(5432) + "/", "postgres", "");
    }

    private static Services local() {
        String jdbc = env("HERALD_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        return new Services(env("HERALD_NATS_URL", "nats://127.0.0.1:4222"), jdbc.substring(0, jdbc.lastIndexOf('/') + 1),
                env("HERALD_JDBC_USER", "postgres"), env("HERALD_JDBC_PASSWORD", ""));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public String natsUrl() {
        return natsUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** @param db database name @return its JDBC URL */
    public String jdbcUrl(String db) {
        return jdbcBase + db;
    }

    /** @param db database to create */
    public void createDatabase(String db) {
        admin("CREATE DATABASE " + db);
    }

    /** @param db database to drop */
    public void dropDatabase(String db) {
        admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }

    /** @param db database @return a connection to it */
    public Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(db), user, password);
    }

    private void admin(String statement) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
             Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }
}

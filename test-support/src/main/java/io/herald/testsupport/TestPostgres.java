package io.herald.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The PostgreSQL server integration tests use: a container when a Docker engine is available, otherwise the local
 * server of {@code HERALD_JDBC_URL} [jdbc:postgresql://127.0.0.1:5432/herald] with {@code HERALD_JDBC_USER}
 * [postgres] / {@code HERALD_JDBC_PASSWORD} [empty]. {@link #newDatabase} gives each test class its own database and
 * drops it when closed.
 */
public final class TestPostgres {

    private static Server server;

    private TestPostgres() {
    }

    private record Server(String base, String user, String password) {
    }

    private static synchronized Server server() {
        if (server == null) {
            server = Docker.available() ? container() : local();
        }
        return server;
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    private static Server container() {
        GenericContainer<?> pg = new GenericContainer<>("postgres:15").withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
            .withExposedPorts(5432)
            .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
        pg.start();
        return new Server("jdbc:postgresql://" + pg.getHost() + ":" + pg.getMappedPort(5432) + "/", "postgres", "");
    }

    private static Server local() {
        String jdbc = Docker.env("HERALD_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/herald");
        int query = jdbc.indexOf('?');
        String path = query < 0 ? jdbc : jdbc.substring(0, query);
        return new Server(path.substring(0, path.lastIndexOf('/') + 1), Docker.env("HERALD_JDBC_USER", "postgres"),
            Docker.env("HERALD_JDBC_PASSWORD", ""));
    }

    /**
     * @param label a short tag for the name ({@code [a-z0-9_]})
     * @return a new, empty database
     */
    public static Database newDatabase(String label) {
        Server s = server();
        String name = "t_" + label + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin(s, "CREATE DATABASE " + name);
        return new Database(s.base() + name, s.user(), s.password(), name);
    }

    private static void admin(Server s, String statement) {
        try (Connection c = DriverManager.getConnection(s.base() + "postgres", s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    /**
     * One test class's database.
     *
     * @param jdbcUrl  its JDBC URL
     * @param user     user name
     * @param password password
     * @param name     database name
     */
    public record Database(String jdbcUrl, String user, String password, String name) implements AutoCloseable {

        /** @return a new connection to it */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }

        /** Drops the database (closing any connection still open). */
        @Override
        public void close() {
            admin(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}

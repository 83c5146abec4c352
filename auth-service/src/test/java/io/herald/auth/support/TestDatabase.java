package io.herald.auth.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A PostgreSQL database of its own for one test class: created on the server named by {@code HERALD_JDBC_URL}
 * [jdbc:postgresql://127.0.0.1:5432/postgres] (user {@code HERALD_JDBC_USER} [postgres]), dropped by {@link #drop()}.
 */
public final class TestDatabase {

    private static final String ADMIN_URL = env("HERALD_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = env("HERALD_JDBC_USER", "postgres");
    private static final String PASSWORD = env("HERALD_JDBC_PASSWORD", "");

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

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

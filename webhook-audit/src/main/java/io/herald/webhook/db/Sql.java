package io.herald.webhook.db;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Thin helper over Micronaut Data's {@link JdbcOperations} for the hand-written SQL this module needs
 * ({@code ON CONFLICT}, {@code RETURNING}, conditional state transitions) that repository methods can't express.
 * Runs in the caller's transaction.
 */
@Singleton
public final class Sql {

    /** Maps one result row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        /**
         * @param rs positioned result set
         * @return the mapped row
         * @throws SQLException on read errors
         */
        T map(ResultSet rs) throws SQLException;
    }

    private final JdbcOperations jdbc;

    /** @param jdbc Micronaut Data JDBC operations */
    public Sql(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param sql  statement with {@code ?} placeholders
     * @param args arguments ({@link Instant} and {@link UUID} supported)
     * @return rows changed
     */
    public int update(String sql, Object... args) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            return ps.executeUpdate();
        });
    }

    /**
     * @param sql    query
     * @param mapper row mapper
     * @param args   arguments
     * @param <T>    row type
     * @return all rows
     */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        });
    }

    /**
     * @param sql    query
     * @param mapper row mapper
     * @param args   arguments
     * @param <T>    row type
     * @return the first row
     */
    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * @param rs     result set
     * @param column timestamp column
     * @return its value as an instant, or null
     * @throws SQLException on read errors
     */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant in) {
                ps.setTimestamp(i + 1, Timestamp.from(in));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }
}

package io.herald.support.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Against the local PostgreSQL (system property herald.test.pg, else 127.0.0.1:5432, user postgres; trust auth). */
class DatabaseMigrationIT {

    static final String HOST = System.getProperty("herald.test.pg", "127.0.0.1:5432");

    static PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://" + HOST + "/" + database);
        ds.setUser("postgres");
        return ds;
    }

    @Test
    void saysTheDatabaseDoesNotExistAndStaysNotReady() {
        String missing = "herald_missing_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (DatabaseMigration migration = new DatabaseMigration(dataSource(missing), "probe",
                "classpath:db/support-test", Duration.ofMillis(200))) {
            migration.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> migration.lastError() != null);
            assertThat(migration.lastError()).contains("does not exist").contains(missing);
            assertThat(migration.isReady()).isFalse();
            assertThat(migration.reachable()).isFalse();
        }
    }

    @Test
    void migratesAFreshDatabaseAndRunsListenersBeforeReadiness() throws Exception {
        String name = "herald_support_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
            .toLowerCase(Locale.ROOT);
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres", "postgres", "");
             Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        try {
            AtomicInteger ranBeforeReady = new AtomicInteger();
            try (DatabaseMigration migration = new DatabaseMigration(dataSource(name), "probe",
                    "classpath:db/support-test", Duration.ofMillis(200))) {
                migration.onReady(() -> ranBeforeReady.addAndGet(migration.isReady() ? 100 : 1));
                migration.start();
                assertThat(migration.awaitReady(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(ranBeforeReady).hasValue(1);
                assertThat(migration.reachable()).isTrue();
                try (Connection c = dataSource(name).getConnection(); Statement st = c.createStatement()) {
                    st.executeQuery("SELECT count(*) FROM probe.probe").close();
                }
            }
        } finally {
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres", "postgres", "");
                 Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }
}

package io.herald.auth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.herald.auth.db.DatabaseReadyEvent;
import io.herald.auth.token.TokenProperties;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database mode of the signing keys (no {@code HERALD_AUTH_SIGNING_KEYS}): generates, rotates and retires ES256
 * keys in {@code auth.signing_key} and loads them into the {@link SigningKeyRing}, once the database is ready and
 * then every {@link SigningKeyProperties#refreshInterval()}.
 *
 * <p>The private keys are stored as JWK JSON, not encrypted: whoever can read the {@code auth} schema can also
 * mint API keys, so encryption with a key from the same configuration would add little; operators who want the
 * private key outside the database configure {@code HERALD_AUTH_SIGNING_KEYS}. Plain JDBC rather than a repository
 * because the decision runs in one transaction under a PostgreSQL advisory lock, so concurrent instances never
 * generate two keys at once.
 */
@Singleton
public class DatabaseSigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSigningKeys.class);
    private static final long LOCK_ID = 0x4845_5241_4c44_4b59L; // "HERALDKY"

    private final DataSource dataSource;
    private final SigningKeyRing ring;
    private final SigningKeyProperties properties;
    private final RotationPlan plan;
    private final Clock clock;
    private final TaskScheduler scheduler;

    DatabaseSigningKeys(DataSource dataSource, SigningKeyRing ring, SigningKeyProperties properties,
                        TokenProperties tokens, Clock clock, @Named("scheduled") TaskScheduler scheduler) {
        // The injected bean is Micronaut Data's contextual proxy (needs a surrounding @Transactional); this code
        // manages its own connections, so it uses the pool directly.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.ring = ring;
        this.properties = properties;
        this.plan = new RotationPlan(properties.rotationPeriod(), properties.activationDelay(), tokens.maxTtl());
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @EventListener
    void onDatabaseReady(DatabaseReadyEvent event) {
        if (properties.configured()) {
            return;
        }
        refreshQuietly();
        scheduler.scheduleWithFixedDelay(properties.refreshInterval(), properties.refreshInterval(),
            this::refreshQuietly);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not refresh signing keys from the database ({}); keeping the current ones",
                e.getMessage());
        }
    }

    /** Applies the rotation plan in one locked transaction and loads the result into the ring. */
    public void refresh() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, LOCK_ID);
                    lock.execute();
                }
                Instant now = Instant.now(clock);
                RotationPlan.Decision decision = plan.decide(load(connection), now);
                if (decision.generate()) {
                    insert(connection, generate(), now);
                    decision = plan.decide(load(connection), now);
                    LOG.info("Generated a new ES256 signing key");
                }
                batch(connection, "UPDATE auth.signing_key SET retired_at = now() WHERE kid = ?", decision.retire());
                batch(connection, "DELETE FROM auth.signing_key WHERE kid = ?", decision.delete());
                connection.commit();
                ring.replace(decision.keys());
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static List<RotationPlan.StoredKey> load(Connection connection) throws SQLException {
        List<RotationPlan.StoredKey> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT kid, jwk, created_at, retired_at FROM auth.signing_key");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Timestamp retired = rows.getTimestamp(4);
                try {
                    keys.add(new RotationPlan.StoredKey(rows.getString(1), ECKey.parse(rows.getString(2)),
                        rows.getTimestamp(3).toInstant(), retired == null ? null : retired.toInstant()));
                } catch (ParseException e) {
                    LOG.warn("Ignoring unreadable signing key {}", rows.getString(1));
                }
            }
        }
        return keys;
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an EC P-256 key", e);
        }
    }

    private static void insert(Connection connection, ECKey key, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO auth.signing_key (kid, jwk, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, key.getKeyID());
            insert.setString(2, key.toJSONString());
            insert.setTimestamp(3, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    private static void batch(Connection connection, String sql, List<String> kids) throws SQLException {
        if (kids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (String kid : kids) {
                statement.setString(1, kid);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}

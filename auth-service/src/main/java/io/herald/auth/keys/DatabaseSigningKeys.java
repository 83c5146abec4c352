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
import io.herald.auth.security.MissingSettingException;
import io.herald.support.crypto.AesGcmCipher;
import io.micronaut.context.annotation.Context;
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
 * <p>The private keys are stored encrypted (AES-256-GCM, bound to their {@code kid}) under
 * {@code HERALD_AUTH_KEY_ENCRYPTION_KEY}, which lives outside the database: a copy of the {@code auth} schema alone
 * cannot mint tokens. Without that key this mode refuses to start, saying so; a key stored in plain text by an
 * older version is encrypted in place at the next refresh. Plain JDBC rather than a repository
 * because the decision runs in one transaction under a PostgreSQL advisory lock, so concurrent instances never
 * generate two keys at once.
 */
@Context
public class DatabaseSigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSigningKeys.class);
    private static final String KEK = "HERALD_AUTH_KEY_ENCRYPTION_KEY";
    private static final long LOCK_ID = 0x4845_5241_4c44_4b59L; // "HERALDKY"

    private final DataSource dataSource;
    private final SigningKeyRing ring;
    private final SigningKeyProperties properties;
    private final RotationPlan plan;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final AesGcmCipher cipher;

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
        AesGcmCipher c = null;
        if (!properties.configured()) {
            try {
                c = new AesGcmCipher(properties.keyEncryptionKey(), KEK);
            } catch (IllegalArgumentException e) {
                throw new MissingSettingException(e.getMessage() + ": auth-service generates its signing keys and "
                    + "stores them encrypted under this key. Set it, or configure HERALD_AUTH_SIGNING_KEYS instead");
            }
        }
        this.cipher = c;
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
                encryptPlaintextKeys(connection);
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

    private List<RotationPlan.StoredKey> load(Connection connection) throws SQLException {
        List<RotationPlan.StoredKey> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT kid, jwk, created_at, retired_at FROM auth.signing_key");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Timestamp retired = rows.getTimestamp(4);
                try {
                    keys.add(new RotationPlan.StoredKey(rows.getString(1), ECKey.parse(readable(rows.getString(1), rows.getString(2))),
                        rows.getTimestamp(3).toInstant(), retired == null ? null : retired.toInstant()));
                } catch (ParseException | IllegalStateException e) {
                    LOG.warn("Ignoring unreadable signing key {} ({})", rows.getString(1), e.getMessage());
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

    /** A stored key as JWK JSON: decrypted, or as it is when an older version stored it in plain text. */
    private String readable(String kid, String stored) {
        return stored.startsWith(AesGcmCipher.TEXT_PREFIX) ? cipher.decrypt(stored, kid) : stored;
    }

    private void encryptPlaintextKeys(Connection connection) throws SQLException {
        List<String[]> plain = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT kid, jwk FROM auth.signing_key WHERE jwk NOT LIKE 'v1:%'");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                plain.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE auth.signing_key SET jwk = ? WHERE kid = ?")) {
            for (String[] row : plain) {
                update.setString(1, cipher.encrypt(row[1], row[0]));
                update.setString(2, row[0]);
                update.executeUpdate();
            }
        }
        if (!plain.isEmpty()) {
            LOG.info("Encrypted {} signing key(s) stored in plain text by an older version", plain.size());
        }
    }

    private void insert(Connection connection, ECKey key, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO auth.signing_key (kid, jwk, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, key.getKeyID());
            insert.setString(2, cipher.encrypt(key.toJSONString(), key.getKeyID()));
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

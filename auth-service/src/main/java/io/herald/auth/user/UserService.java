package io.herald.auth.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.herald.support.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates users and checks their passwords (bcrypt, cost {@value #BCRYPT_COST}). */
@Singleton
public class UserService {

    /** bcrypt cost factor: ~100-200 ms per hash on this class of machine. */
    static final int BCRYPT_COST = 10;
    /** Default plan of a new user. */
    public static final String DEFAULT_PLAN = "free";

    private final UserRepository users;
    private final Clock clock;
    /** Checked against when the e-mail is unknown, so both paths cost one bcrypt verification (no user probing). */
    private final byte[] dummyHash;

    UserService(UserRepository users, Clock clock) {
        this.users = users;
        this.clock = clock;
        this.dummyHash = BCrypt.withDefaults().hash(BCRYPT_COST, "not-a-password".toCharArray());
    }

    /**
     * Creates a user.
     *
     * @param email    e-mail (normalised to lower case)
     * @param tenant   tenant id
     * @param password password, or null for a key-only user
     * @param plan     plan, or null for {@value #DEFAULT_PLAN}
     * @return the stored user
     * @throws ProblemException 409 when the e-mail is taken
     */
    public User create(String email, String tenant, @Nullable String password, @Nullable String plan) {
        return create(email, tenant, password, plan, null);
    }

    /**
     * Creates a user with the product's own id.
     *
     * @param email      e-mail (stored lower-case)
     * @param tenant     tenant
     * @param password   password, or null for a key-only user
     * @param plan       plan, or null for {@value #DEFAULT_PLAN}
     * @param externalId a String or an integral Number, or null
     * @return the stored user
     * @throws ProblemException 409 when the e-mail is taken, 400 for an unusable external id
     */
    public User create(String email, String tenant, @Nullable String password, @Nullable String plan,
                       @Nullable Object externalId) {
        ExternalId id = ExternalId.of(externalId);
        String normalised = email.trim().toLowerCase(Locale.ROOT);
        if (users.findByEmail(normalised).isPresent()) {
            throw new ProblemException(HttpStatus.CONFLICT, "A user with this e-mail already exists");
        }
        String hash = password == null ? null
            : BCrypt.withDefaults().hashToString(BCRYPT_COST, password.toCharArray());
        User user = new User(UUID.randomUUID(), normalised, tenant, hash, plan == null ? DEFAULT_PLAN : plan,
            Instant.now(clock), id == null ? null : id.text(), id != null && id.numeric());
        return users.save(user);
    }

    /**
     * Sets or clears a user's external id.
     *
     * @param user       the user
     * @param externalId a String or an integral Number, or null to clear it
     * @return the updated user
     * @throws ProblemException 404 for an unknown user, 400 for an unusable external id
     */
    public User setExternalId(UUID user, @Nullable Object externalId) {
        User current = users.findById(user).orElseThrow(() -> ProblemException.notFound("Unknown user"));
        ExternalId id = ExternalId.of(externalId);
        return users.update(new User(current.id(), current.email(), current.tenant(), current.passwordHash(),
            current.plan(), current.createdAt(), id == null ? null : id.text(), id != null && id.numeric()));
    }

    /**
     * Deletes a user; its API keys go with it.
     *
     * @param user the user
     * @return whether the user existed
     */
    public boolean delete(UUID user) {
        if (!users.existsById(user)) {
            return false;
        }
        users.deleteById(user);
        return true;
    }

    /** @return every user, oldest first */
    public List<User> list() {
        return users.listOrderByCreatedAt();
    }

    /** A validated external id: 1..128 printable characters, or an integer that fits a JSON number exactly. */
    private record ExternalId(String text, boolean numeric) {
        static ExternalId of(@Nullable Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof String s && !s.isBlank() && s.length() <= 128 && s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                return new ExternalId(s, false);
            }
            if ((value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger
                || value instanceof Short) && Math.abs(((Number) value).doubleValue()) < 9.007199254740992E15) {
                return new ExternalId(Long.toString(((Number) value).longValue()), true);
            }
            throw ProblemException.badRequest(
                "externalId must be a string of 1..128 visible ASCII characters or an integer below 2^53");
        }
    }

    /** @return the user with this id */
    public Optional<User> find(UUID id) {
        return users.findById(id);
    }

    /**
     * Checks an e-mail and password.
     *
     * @return the user when both match; empty otherwise (unknown e-mail, no password set, wrong password)
     */
    public Optional<User> authenticate(String email, String password) {
        Optional<User> user = users.findByEmail(email.trim().toLowerCase(Locale.ROOT));
        byte[] hash = user.map(User::passwordHash).map(h -> h.getBytes(StandardCharsets.UTF_8)).orElse(dummyHash);
        boolean verified = BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
        return verified && user.isPresent() && user.get().passwordHash() != null ? user : Optional.empty();
    }
}

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
        String normalised = email.trim().toLowerCase(Locale.ROOT);
        if (users.findByEmail(normalised).isPresent()) {
            throw new ProblemException(HttpStatus.CONFLICT, "A user with this e-mail already exists");
        }
        String hash = password == null ? null
            : BCrypt.withDefaults().hashToString(BCRYPT_COST, password.toCharArray());
        User user = new User(UUID.randomUUID(), normalised, tenant, hash, plan == null ? DEFAULT_PLAN : plan,
            Instant.now(clock));
        return users.save(user);
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

package io.herald.realtime.api;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Marks this process's own start-up rehearsals of {@code POST /api/publish}: a request that carries the server API key
 * and, in {@value #HEADER}, this process's random rehearsal key goes through the whole publish route — parsing,
 * validation, the bus client's publish and its acknowledgement, the answer — but the bus stores it nowhere and
 * delivers it to no one (see the event bus's rehearsal). The key is made at start-up, lives only in this process's
 * memory and is sent only over loopback; a request without it (or with any other value) is an ordinary publish.
 */
@Singleton
public final class Rehearsals {

    /** The request header that carries the key. */
    public static final String HEADER = "Herald-Rehearsal";

    private final byte[] key;
    private final String value;

    Rehearsals() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        this.value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        this.key = value.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the value of {@value #HEADER} that marks a rehearsal of this process */
    public String key() {
        return value;
    }

    /**
     * @param presented the header's value, or null
     * @return whether it is this process's key (compared in constant time)
     */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.US_ASCII));
    }
}

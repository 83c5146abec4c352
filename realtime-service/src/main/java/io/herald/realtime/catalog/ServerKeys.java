package io.herald.realtime.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The server API keys ({@code HERALD_SERVER_API_KEY}, several for rotation), checked in constant time against
 * {@code Authorization: apikey <key>} or {@code X-API-Key: <key>}, as the publish API checks them.
 */
final class ServerKeys {

    private final List<byte[]> keys = new ArrayList<>();

    ServerKeys(List<String> configured) {
        for (String key : configured) {
            if (!key.isBlank()) {
                keys.add(key.trim().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    boolean none() {
        return keys.isEmpty();
    }

    boolean accepts(String authorization, String apiKey) {
        String presented = null;
        if (authorization != null && authorization.regionMatches(true, 0, "apikey ", 0, 7)) {
            presented = authorization.substring(7).trim();
        } else if (apiKey != null) {
            presented = apiKey.trim();
        }
        if (presented == null) {
            return false;
        }
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, bytes);
        }
        return match;
    }
}

package io.herald.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A command that ends sessions, broadcast to every realtime instance on the control topic {@link #TOPIC}
 * (docs/internal-contracts.md). Its JSON form:
 * {@code {"type":"disconnect","user":"…","at":<epoch ms>}},
 * {@code {"type":"revoke-key","apiKeyId":"…","user":"…","at":…}} or {@code {"type":"revoke-user","user":"…","at":…}}.
 *
 * @param type     what to do
 * @param user     the user: for {@link Type#DISCONNECT} a user UUID ({@code sub}) or the user's external id
 *                 ({@code uid}); for the revocations the user's UUID (for {@link Type#REVOKE_KEY} the key's owner,
 *                 informative only)
 * @param apiKeyId the revoked key's id ({@code akid}), only for {@link Type#REVOKE_KEY}
 * @param at       when the command was issued, epoch milliseconds: tokens issued at or before it are revoked
 */
public record SessionCommand(Type type, String user, String apiKeyId, long at) {

    /** The control topic session commands travel on. */
    public static final String TOPIC = "sessions";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What a session command does. */
    public enum Type {
        /** Close every connection of the user now; new connections are accepted. */
        DISCONNECT("disconnect"),
        /** Close the connections opened with tokens minted from the API key, and refuse those tokens from now on. */
        REVOKE_KEY("revoke-key"),
        /** Close every connection of the user, and refuse every token of the user issued until now. */
        REVOKE_USER("revoke-user");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        /** @return the JSON value of {@code type} */
        public String wire() {
            return wire;
        }

        static Type of(String wire) {
            for (Type type : values()) {
                if (type.wire.equals(wire)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown session command type " + ChannelName.quoteForMessage(wire));
        }
    }

    /** Validates the fields each type needs. */
    public SessionCommand {
        Objects.requireNonNull(type, "type");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a session command needs a user");
        }
        if (type == Type.REVOKE_KEY && (apiKeyId == null || apiKeyId.isBlank())) {
            throw new IllegalArgumentException("revoke-key needs an apiKeyId");
        }
        if (type != Type.REVOKE_KEY) {
            apiKeyId = null;
        }
    }

    /**
     * @param user the user's UUID or external id
     * @param at   epoch milliseconds
     * @return a disconnect command
     */
    public static SessionCommand disconnect(String user, long at) {
        return new SessionCommand(Type.DISCONNECT, user, null, at);
    }

    /**
     * @param user     the key's owner
     * @param apiKeyId the key's id
     * @param at       the revocation time, epoch milliseconds
     * @return a key revocation
     */
    public static SessionCommand revokeKey(String user, String apiKeyId, long at) {
        return new SessionCommand(Type.REVOKE_KEY, user, apiKeyId, at);
    }

    /**
     * @param user the user's UUID
     * @param at   the revocation time, epoch milliseconds
     * @return a user revocation
     */
    public static SessionCommand revokeUser(String user, long at) {
        return new SessionCommand(Type.REVOKE_USER, user, null, at);
    }

    /** @return the command as UTF-8 JSON */
    public byte[] toJson() {
        StringBuilder sb = new StringBuilder(128).append("{\"type\":\"").append(type.wire).append("\",\"user\":");
        Json.quote(sb, user);
        if (apiKeyId != null) {
            sb.append(",\"apiKeyId\":");
            Json.quote(sb, apiKeyId);
        }
        sb.append(",\"at\":").append(at).append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a command.
     *
     * @param json UTF-8 JSON as written by {@link #toJson()}
     * @return the command
     * @throws IllegalArgumentException when the JSON is not a valid session command
     */
    public static SessionCommand parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("a session command must be JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("type").isTextual() || !root.path("user").isTextual()
            || !root.path("at").canConvertToLong()) {
            throw new IllegalArgumentException("a session command needs a string type and user and a numeric at");
        }
        String apiKeyId = root.path("apiKeyId").isTextual() ? root.get("apiKeyId").asText() : null;
        return new SessionCommand(Type.of(root.get("type").asText().toLowerCase(Locale.ROOT)), root.get("user").asText(),
            apiKeyId, root.get("at").asLong());
    }
}

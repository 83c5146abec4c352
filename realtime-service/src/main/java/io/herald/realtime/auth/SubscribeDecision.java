package io.herald.realtime.auth;

/**
 * Whether a client may subscribe to what it asked for, and under which names.
 *
 * @param allowed        true when permitted
 * @param channel        the full channel name to subscribe (null when refused)
 * @param displayChannel the name frames carry for this client (what it wrote)
 * @param errorCode      when refused: {@code bad_channel} or {@code forbidden}
 * @param message        when refused: a human-readable reason
 */
public record SubscribeDecision(boolean allowed, String channel, String displayChannel, String errorCode, String message) {

    static SubscribeDecision allow(String channel, String display) {
        return new SubscribeDecision(true, channel, display, null, null);
    }

    static SubscribeDecision refuse(String display, String code, String message) {
        return new SubscribeDecision(false, null, display, code, message);
    }
}

package io.herald.realtime.transport.herald;

import io.herald.realtime.auth.ChannelAccess;
import io.herald.realtime.auth.Claims;
import io.herald.realtime.auth.SubscribeDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * What an endpoint subscribes on open: {@code /ws} the personal channels, a dedicated endpoint its one room.
 *
 * @param dedicated true for a dedicated endpoint (refusal closes with 4003)
 * @param requested channels as the endpoint names them, or null for the personal channels
 */
record Room(boolean dedicated, List<String> requested) {

    static Room personal() {
        return new Room(false, null);
    }

    static Room job(String jobId) {
        return new Room(true, List.of("job:" + jobId));
    }

    static Room workbook(String workbookId) {
        return new Room(true, List.of("workbook:%s:" + workbookId));
    }

    static Room notifications() {
        return new Room(true, null);
    }

    /** @return the decisions for this room's channels; any refusal means the endpoint must close with 4003 */
    List<SubscribeDecision> decide(Claims claims) {
        List<SubscribeDecision> decisions = new ArrayList<>();
        if (requested == null) {
            List<String> channels = dedicated ? ChannelAccess.notificationChannels(claims.userId())
                : ChannelAccess.personalChannels(claims.userId());
            for (String channel : channels) {
                decisions.add(ChannelAccess.decide(claims, channel));
            }
            return decisions;
        }
        for (String channel : requested) {
            String resolved = channel.contains("%s")
                ? (claims.tenant() == null ? "workbook:" : String.format(channel, claims.tenant()))
                : channel;
            decisions.add(ChannelAccess.decide(claims, resolved));
        }
        return decisions;
    }
}

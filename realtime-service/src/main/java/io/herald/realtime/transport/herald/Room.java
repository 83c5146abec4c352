package io.herald.realtime.transport.herald;

import io.herald.realtime.auth.ChannelAccess;
import io.herald.realtime.auth.Claims;
import io.herald.realtime.auth.SubscribeDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * What an endpoint subscribes on open: {@code /ws} the personal channels, a dedicated endpoint its one room.
 *
 * @param endpoint  which endpoint (its authentication-failure close code is configured per endpoint)
 * @param dedicated true for a dedicated endpoint (refusal closes with 4003)
 * @param requested channels as the endpoint names them, or null for the personal channels
 */
record Room(Endpoint endpoint, boolean dedicated, List<String> requested) {

    /** The four Herald protocol endpoints. */
    enum Endpoint {
        WS, JOBS, WORKBOOKS, NOTIFICATIONS;

        int authFailureCode(HeraldConfiguration configuration) {
            return switch (this) {
                case WS -> configuration.wsAuthFailureCode();
                case JOBS -> configuration.jobsAuthFailureCode();
                case WORKBOOKS -> configuration.workbooksAuthFailureCode();
                case NOTIFICATIONS -> configuration.notificationsAuthFailureCode();
            };
        }
    }

    static Room personal() {
        return new Room(Endpoint.WS, false, null);
    }

    static Room job(String jobId) {
        return new Room(Endpoint.JOBS, true, List.of("job:" + jobId));
    }

    static Room workbook(String workbookId) {
        return new Room(Endpoint.WORKBOOKS, true, List.of("workbook:%s:" + workbookId));
    }

    static Room notifications() {
        return new Room(Endpoint.NOTIFICATIONS, true, null);
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

package io.herald.realtime.transport.herald;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Settings of the Herald JSON protocol endpoints ({@code herald.realtime.herald}).
 *
 * <p>The close code for an authentication failure (missing, invalid or expired token, or a token that expired
 * during the connection without a refresh) is set per endpoint, because products differ: some clients expect 4001,
 * others the standard 1008 (policy violation). Any code from 1008 or the 4000–4999 range is accepted.
 *
 * @param wsAuthFailureCode            close code for an authentication failure on {@code /ws}. Defaults to 4001
 * @param jobsAuthFailureCode          the same on {@code /ws/jobs/{jobId}}. Defaults to 4001
 * @param workbooksAuthFailureCode     the same on {@code /ws/workbooks/{workbookId}}. Defaults to 4001
 * @param notificationsAuthFailureCode the same on {@code /ws/notifications}. Defaults to 4001
 * @param tokenExpiringNotice          how long before the token's expiry the server sends
 *                                     {@code {"type":"token_expiring"}}. Defaults to 60 s
 */
@ConfigurationProperties("herald.realtime.herald")
public record HeraldConfiguration(
    @Min(1008) @Max(4999) @Bindable(defaultValue = "4001") int wsAuthFailureCode,
    @Min(1008) @Max(4999) @Bindable(defaultValue = "4001") int jobsAuthFailureCode,
    @Min(1008) @Max(4999) @Bindable(defaultValue = "4001") int workbooksAuthFailureCode,
    @Min(1008) @Max(4999) @Bindable(defaultValue = "4001") int notificationsAuthFailureCode,
    @Bindable(defaultValue = "60s") Duration tokenExpiringNotice) {

    /** Fails fast on a code that is neither 1008 nor an application code. */
    public HeraldConfiguration {
        for (int code : new int[] {wsAuthFailureCode, jobsAuthFailureCode, workbooksAuthFailureCode,
            notificationsAuthFailureCode}) {
            if (code != 1008 && (code < 4000 || code > 4999)) {
                throw new IllegalArgumentException("an authentication-failure close code must be 1008 or 4000-4999, was "
                    + code);
            }
        }
        if (tokenExpiringNotice == null || tokenExpiringNotice.isNegative()) {
            throw new IllegalArgumentException("token-expiring-notice must not be negative: " + tokenExpiringNotice);
        }
    }
}

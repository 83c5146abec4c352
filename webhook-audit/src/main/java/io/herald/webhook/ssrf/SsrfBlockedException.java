package io.herald.webhook.ssrf;

import java.net.UnknownHostException;

/**
 * A webhook URL or one of its resolved addresses was refused by the {@link SsrfGuard}; the message names the rule.
 *
 * <p>Extends {@link UnknownHostException} so that it can be thrown from HttpClient's {@code DnsResolver}; the
 * delivery code recognises it by type and records error class {@code ssrf_blocked}.
 */
public final class SsrfBlockedException extends UnknownHostException {

    private final String rule;

    /**
     * @param rule    the rule that refused (e.g. {@code "10.0.0.0/8 (private)"} or {@code "scheme"})
     * @param message the full, user-facing explanation
     */
    public SsrfBlockedException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** @return the rule that refused the URL */
    public String rule() {
        return rule;
    }
}

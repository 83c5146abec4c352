package io.herald.webhook.delivery;

/**
 * What one delivery attempt came to. Also the {@code outcome} tag of the
 * {@code herald.webhook.attempts} metric.
 */
public enum Outcome {
    /** 2xx: delivered. */
    SUCCESS,
    /** 3xx: redirects are never followed, so this is a failure. */
    REDIRECT,
    /** 410 Gone: the endpoint is disabled at once, no retry. */
    GONE,
    /** 429/502/503/504: retried, honouring {@code Retry-After} within bounds. */
    THROTTLED,
    /** Any other 4xx/5xx. */
    HTTP_ERROR,
    /** Connect or total timeout. */
    TIMEOUT,
    /** DNS, connect, TLS or I/O failure, or a response body over the cap. */
    NETWORK_ERROR,
    /** Refused by the SSRF guard before any byte was sent. */
    BLOCKED,
    /** The process stopped while the attempt was in flight; found by the sweeper. */
    INTERRUPTED;

    /**
     * Classifies an HTTP status code.
     *
     * @param code the response status
     * @return the outcome
     */
    public static Outcome ofStatus(int code) {
        if (code >= 200 && code < 300) {
            return SUCCESS;
        }
        if (code >= 300 && code < 400) {
            return REDIRECT;
        }
        if (code == 410) {
            return GONE;
        }
        if (code == 429 || code == 502 || code == 503 || code == 504) {
            return THROTTLED;
        }
        return HTTP_ERROR;
    }

    /** @return the audit row status for this outcome: success, blocked or failed */
    public String auditStatus() {
        return switch (this) {
            case SUCCESS -> "success";
            case BLOCKED -> "blocked";
            default -> "failed";
        };
    }
}

package io.herald.e2e.support;

/** A user created through the admin API: its UUID, tenant and the API key shown once at creation. */
public record User(String uuid, String tenant, String email, String apiKey) {

    /** The user's personal export channel. */
    public String exportsChannel() {
        return "exports:" + uuid;
    }

    /** The user's personal webhook-events channel. */
    public String webhooksChannel() {
        return "webhooks:" + uuid;
    }
}

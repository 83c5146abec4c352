package io.herald.auth.security;

/** Roles granted by configured keys; used in {@code @Secured}. */
public final class Roles {

    /** Holder of {@code HERALD_ADMIN_KEY}: manages users and their API keys. */
    public static final String ADMIN = "HERALD_ADMIN";
    /** Holder of one of {@code HERALD_SERVER_API_KEY}: mints tokens with grants. */
    public static final String SERVER = "HERALD_SERVER";

    private Roles() {
    }
}

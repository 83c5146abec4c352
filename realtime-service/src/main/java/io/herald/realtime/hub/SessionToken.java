package io.herald.realtime.hub;

/**
 * Who a session's current token speaks for, as far as ending sessions needs it: the server can close every
 * connection of a user, or those opened with tokens minted from a revoked API key.
 *
 * @param userId           the user ({@code sub})
 * @param externalId       the product's own id of the user ({@code uid}) as text, or null
 * @param apiKeyId         the API key the token was minted from ({@code akid}), or null
 * @param issuedAtMillis   when the token was issued ({@code iat}), epoch milliseconds; 0 when unknown
 */
public record SessionToken(String userId, String externalId, String apiKeyId, long issuedAtMillis) {

    /**
     * @param user a user UUID or external id
     * @return whether the token is of that user
     */
    public boolean isOf(String user) {
        return user.equals(userId) || user.equals(externalId);
    }
}

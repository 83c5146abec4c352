package io.herald.realtime.transport.centrifugo;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What the Centrifugo protocol needs from Herald: token checks, channel permissions, the hub's subscriptions and
 * the stream's history. The protocol layer knows nothing else about Herald; realtime-service implements this on top
 * of its token verifier, channel rules, hub and event bus.
 *
 * <p>Methods that may do I/O (token verification may fetch a JWKS, subscribe and history read JetStream) return a
 * {@link CompletionStage}; the session waits for it before it handles the next command of the connection, so
 * commands are still processed strictly in order. Never block the calling thread: it is a WebSocket event loop.
 * A failed stage becomes error 100 (internal, temporary) for that command.
 */
public interface CentrifugoBackend {

    /**
     * Verifies a connection token (from the connect command).
     *
     * @param token the JWT as sent
     * @return the verdict: a principal, or why the token was refused
     */
    CompletionStage<TokenVerdict> authenticate(String token);

    /**
     * Verifies the new token of a refresh command. The default verifies it like a connect token; the session
     * itself refuses a token of another user.
     *
     * @param current the connection's principal
     * @param token   the new JWT
     * @return the verdict
     */
    default CompletionStage<TokenVerdict> refresh(Principal current, String token) {
        return authenticate(token);
    }

    /**
     * Called once when a connect's token is accepted, before the personal channels are subscribed: the connection
     * joins the server's connections (the hub, which enforces the connections-per-user limit and sweeps heartbeats).
     *
     * @param session the session, its {@link CentrifugoSession#principal()} set
     * @return false when the user has too many connections (the connect is answered with close 3504)
     */
    default boolean connected(CentrifugoSession session) {
        return true;
    }

    /**
     * @param principal the authenticated user
     * @return the channels to subscribe on connect (server-side subscriptions: Herald's personal channels), full names
     */
    List<String> personalChannels(Principal principal);

    /**
     * Decides a client-side subscribe (and history access).
     *
     * @param principal         the authenticated user
     * @param channel           the channel as the client wrote it (may be a tenant short name)
     * @param subscriptionToken the subscription token sent with the subscribe command, or {@code null}
     * @return the decision, with the full channel name when allowed
     */
    CompletionStage<Access> authorize(Principal principal, String channel, String subscriptionToken);

    /**
     * Subscribes the session to a channel in the hub and, when {@code since} is given, reads what it missed.
     *
     * <p>Ordering contract: register the session for live publications <em>before</em> reading the history, so
     * nothing falls in between; the session buffers live publications that arrive before its subscribe reply is
     * written and drops every one whose offset is not above the position this result reports.
     *
     * @param session        the subscriber (the hub delivers to its {@link CentrifugoSession#client()})
     * @param channel        the full channel name
     * @param displayChannel the name as the client wrote it; pushes must carry this name
     * @param since          the client's last position to recover from, or {@code null} for no recovery
     * @return the current position and, when recovering, whether the whole gap was recovered and the publications
     */
    CompletionStage<Subscribed> subscribe(CentrifugoSession session, String channel, String displayChannel,
                                          Position since);

    /**
     * Removes the session from a channel in the hub; no-op if it was not subscribed.
     *
     * @param session the subscriber
     * @param channel the full channel name
     */
    void unsubscribe(CentrifugoSession session, String channel);

    /**
     * Reads a channel's history.
     *
     * @param channel the full channel name
     * @param limit   the maximum number of publications (already clamped to the configured maximum)
     * @param since   return only publications after this position, or {@code null} for the latest {@code limit}
     * @return the publications in stream order and the current position
     */
    CompletionStage<History> history(String channel, int limit, Position since);

    /**
     * Called once when the session ends, for whatever reason: release every hub subscription of it.
     *
     * @param session the session
     */
    void disconnected(CentrifugoSession session);

    /**
     * An authenticated user.
     *
     * @param userId           the user UUID ({@code sub})
     * @param tenant           the tenant ({@code tenant} claim), may be empty
     * @param expiresAtSeconds the token's {@code exp}, epoch seconds; 0 = never expires
     * @param grants           the token's {@code channels} grants
     * @param token            what ending sessions needs of the token (external id, API key id, issue time)
     */
    record Principal(String userId, String tenant, long expiresAtSeconds, List<String> grants,
                     io.herald.realtime.hub.SessionToken token) {
        /** Validates and copies. */
        public Principal {
            Objects.requireNonNull(userId, "userId");
            tenant = tenant == null ? "" : tenant;
            grants = grants == null ? List.of() : List.copyOf(grants);
            token = token == null ? new io.herald.realtime.hub.SessionToken(userId, null, null, 0) : token;
        }

        /**
         * A principal whose token carries only the user.
         *
         * @param userId           the user
         * @param tenant           the tenant, may be empty
         * @param expiresAtSeconds the expiry, epoch seconds; 0 = never
         * @param grants           the grants
         */
        public Principal(String userId, String tenant, long expiresAtSeconds, List<String> grants) {
            this(userId, tenant, expiresAtSeconds, grants, null);
        }

        /** @return the same user as the claims the connection's {@link io.herald.realtime.client.Client} keeps */
        public io.herald.realtime.auth.Claims claims() {
            java.time.Instant expires = expiresAtSeconds == 0 ? java.time.Instant.MAX
                : java.time.Instant.ofEpochSecond(expiresAtSeconds);
            return new io.herald.realtime.auth.Claims(userId, tenant.isEmpty() ? null : tenant, grants, expires,
                token.externalId(), token.apiKeyId(),
                token.issuedAtMillis() == 0 ? null : java.time.Instant.ofEpochMilli(token.issuedAtMillis()));
        }
    }

    /**
     * The outcome of a token check: exactly one of a principal or a problem.
     *
     * @param principal the user when valid, else {@code null}
     * @param problem   why the token was refused, else {@code null}
     */
    record TokenVerdict(Principal principal, TokenProblem problem) {
        /** Exactly one of the two must be set. */
        public TokenVerdict {
            if ((principal == null) == (problem == null)) {
                throw new IllegalArgumentException("exactly one of principal and problem must be set");
            }
        }

        /**
         * @param principal the verified user
         * @return a valid verdict
         */
        public static TokenVerdict valid(Principal principal) {
            return new TokenVerdict(principal, null);
        }

        /**
         * @param problem why
         * @return a refusal
         */
        public static TokenVerdict refused(TokenProblem problem) {
            return new TokenVerdict(null, problem);
        }
    }

    /** Why a token was refused. */
    enum TokenProblem {
        /** Bad signature, malformed, wrong algorithm, unknown key: connect → close 3500. */
        INVALID,
        /** Correctly signed but past {@code exp}: connect → error 109 (the SDK fetches a new token), refresh → 3005. */
        EXPIRED
    }

    /**
     * A subscribe (or history) decision.
     *
     * @param outcome what was decided
     * @param channel the full channel name when {@link AccessOutcome#ALLOW}, else {@code null}
     */
    record Access(AccessOutcome outcome, String channel) {
        /** The channel is required exactly when allowed. */
        public Access {
            Objects.requireNonNull(outcome, "outcome");
            if ((outcome == AccessOutcome.ALLOW) != (channel != null)) {
                throw new IllegalArgumentException("channel is required when (and only when) allowed");
            }
        }

        /**
         * @param fullChannel the full channel name
         * @return an allow decision
         */
        public static Access allow(String fullChannel) {
            return new Access(AccessOutcome.ALLOW, fullChannel);
        }

        /**
         * @param outcome a refusal outcome
         * @return the refusal
         */
        public static Access refuse(AccessOutcome outcome) {
            return new Access(outcome, null);
        }
    }

    /** The outcomes of {@link #authorize}, with the reply error each refusal becomes. */
    enum AccessOutcome {
        /** Allowed. */
        ALLOW(null),
        /** 103: the token grants no access. */
        PERMISSION_DENIED(CentrifugoErrorCode.PERMISSION_DENIED),
        /** 102: a well-formed name in no namespace Herald serves. */
        UNKNOWN_CHANNEL(CentrifugoErrorCode.UNKNOWN_CHANNEL),
        /** 107: the name breaks the channel-name rules. */
        BAD_CHANNEL(CentrifugoErrorCode.BAD_REQUEST),
        /** 109: the subscription token expired; the SDK fetches a new one and retries. */
        TOKEN_EXPIRED(CentrifugoErrorCode.TOKEN_EXPIRED);

        private final CentrifugoErrorCode error;

        AccessOutcome(CentrifugoErrorCode error) {
            this.error = error;
        }

        /** @return the reply error for a refusal, {@code null} for {@link #ALLOW} */
        public CentrifugoErrorCode error() {
            return error;
        }
    }

    /**
     * A position in a channel's stream.
     *
     * @param offset the offset of the last publication (JetStream stream sequence); 0 = before the first
     * @param epoch  identifies the stream incarnation; recovery across epochs is impossible
     */
    record Position(long offset, String epoch) {
        /** Normalises a missing epoch to "". */
        public Position {
            epoch = epoch == null ? "" : epoch;
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative: " + offset);
            }
        }
    }

    /**
     * One publication of a channel.
     *
     * @param offset its offset in the channel
     * @param data   the event JSON exactly as published (UTF-8), spliced into frames unchanged
     */
    record Publication(long offset, byte[] data) {
        /** Requires data. */
        public Publication {
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * The result of {@link #subscribe}.
     *
     * @param position     the channel's current position (after the recovered publications, if any)
     * @param recovered    when recovering: whether the whole gap since the client's position was available and the
     *                     epoch matched (all-or-nothing); ignored otherwise
     * @param publications when recovered: the missed publications in stream order; otherwise empty
     */
    record Subscribed(Position position, boolean recovered, List<Publication> publications) {
        /** Copies. */
        public Subscribed {
            Objects.requireNonNull(position, "position");
            publications = publications == null ? List.of() : List.copyOf(publications);
        }
    }

    /**
     * The result of {@link #history}.
     *
     * @param publications in stream order
     * @param position     the channel's current position
     */
    record History(List<Publication> publications, Position position) {
        /** Copies. */
        public History {
            Objects.requireNonNull(position, "position");
            publications = publications == null ? List.of() : List.copyOf(publications);
        }
    }
}

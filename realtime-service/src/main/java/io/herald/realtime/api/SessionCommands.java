package io.herald.realtime.api;

import io.herald.bus.ControlMessage;
import io.herald.bus.EventBus;
import io.herald.realtime.auth.Revocations;
import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.hub.Session;
import io.herald.realtime.hub.SessionToken;
import io.herald.schema.SessionCommand;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the session commands every instance receives on the bus ({@link SessionCommand#TOPIC}): a disconnect
 * closes the user's connections with {@link CloseCode#DISCONNECTED} (Centrifugo: 3503); a key or user revocation is
 * remembered in {@link Revocations} (so the tokens are refused from now on) and closes the connections whose current
 * token it revokes with {@link CloseCode#TOKEN_REVOKED} (Herald: 4001, Centrifugo: 3500).
 *
 * <p>At start the subscription replays the revocations of the last {@code revocation-memory}, so an instance that
 * starts later refuses the same tokens. A disconnect only concerns the connections open when it was sent: a replayed
 * one, older than this subscription, is ignored.
 */
@Context
final class SessionCommands {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCommands.class);

    private final Hub hub;
    private final Revocations revocations;
    private final long subscribedAt;
    private final AutoCloseable subscription;

    SessionCommands(EventBus bus, Hub hub, Revocations revocations, SessionsConfiguration config) {
        this.hub = hub;
        this.revocations = revocations;
        this.subscribedAt = Clock.systemUTC().millis();
        this.subscription = bus.subscribeControl(SessionCommand.TOPIC, config.revocationMemory(), this::handle);
    }

    void handle(ControlMessage message) {
        SessionCommand command;
        try {
            command = SessionCommand.parse(message.payload());
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring a malformed session command: {}", e.getMessage());
            return;
        }
        switch (command.type()) {
            case DISCONNECT -> {
                if (message.timestamp() < subscribedAt) {
                    return;
                }
                int closed = close(token -> token.isOf(command.user()), CloseCode.DISCONNECTED);
                LOG.info("disconnect of user {}: closed {} connection(s) here", command.user(), closed);
            }
            case REVOKE_KEY -> {
                revocations.revokeKey(command.apiKeyId(), command.at());
                int closed = close(token -> command.apiKeyId().equals(token.apiKeyId())
                    && token.issuedAtMillis() <= command.at(), CloseCode.TOKEN_REVOKED);
                LOG.info("API key {} revoked: closed {} connection(s) here", command.apiKeyId(), closed);
            }
            case REVOKE_USER -> {
                revocations.revokeUser(command.user(), command.at());
                int closed = close(token -> command.user().equals(token.userId())
                    && token.issuedAtMillis() <= command.at(), CloseCode.TOKEN_REVOKED);
                LOG.info("user {} revoked: closed {} connection(s) here", command.user(), closed);
            }
            default -> throw new IllegalStateException("unhandled session command " + command.type());
        }
    }

    private int close(Predicate<SessionToken> matches, CloseCode code) {
        int closed = 0;
        for (Session session : hub.sessions()) {
            if (matches.test(session.token())) {
                session.close(code);
                closed++;
            }
        }
        return closed;
    }

    @PreDestroy
    void stop() throws Exception {
        subscription.close();
    }
}

package io.herald.auth.revocation;

import io.herald.bus.EventBus;
import io.herald.schema.SessionCommand;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcasts revocations on the event bus, so that every realtime instance closes the connections opened with the
 * revoked tokens and refuses those tokens until they expire. The revocation itself is already stored when this
 * runs: when the bus is unreachable it only logs a warning (the key or user stays revoked in auth-service; open
 * connections then end when their tokens expire).
 */
@Singleton
public class RevocationBroadcaster {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationBroadcaster.class);
    /** How long a revocation request waits for the bus to store the command before answering anyway. */
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final EventBus bus;

    RevocationBroadcaster(EventBus bus) {
        this.bus = bus;
    }

    /**
     * @param user the key's owner
     * @param key  the revoked key's id (tokens carry it as {@code akid})
     * @param at   when it was revoked
     */
    public void keyRevoked(UUID user, UUID key, Instant at) {
        send(SessionCommand.revokeKey(user.toString(), key.toString(), at.toEpochMilli()), "API key " + key);
    }

    /**
     * @param user the deleted user
     * @param at   when it was deleted
     */
    public void userRevoked(UUID user, Instant at) {
        send(SessionCommand.revokeUser(user.toString(), at.toEpochMilli()), "user " + user);
    }

    private void send(SessionCommand command, String what) {
        try {
            bus.broadcast(SessionCommand.TOPIC, command.toJson()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warn(what, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            warn(what, e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
        }
    }

    private static void warn(String what, Throwable cause) {
        LOG.warn("{} is revoked, but the revocation could not be broadcast to the realtime instances ({}); their open "
            + "connections end when their tokens expire", what, cause.toString());
    }
}

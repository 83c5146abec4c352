package io.herald.realtime.transport;

import io.herald.realtime.api.Rehearsals;
import io.herald.realtime.client.Client;
import io.herald.realtime.transport.ws.Handshake;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands this process's own start-up rehearsal connections to the warm-up: a WebSocket upgrade that carries this
 * process's rehearsal key ({@link Rehearsals#HEADER}, a random value made at start-up that lives only in this process
 * and is sent only over loopback) is an ordinary, unauthenticated connection, whose server-side {@link Client} the
 * warm-up then feeds frames through the same outbound path as the hub's deliveries. Nothing else changes for it: it
 * has no user, no subscription and no permission, and it is closed like any other connection that never
 * authenticates. An upgrade without the key, or with any other value, is never handed over.
 */
@Singleton
public final class RehearsalConnections {

    private static final int CAPACITY = 64;

    private final Rehearsals rehearsals;
    private final BlockingQueue<Client> arrived = new LinkedBlockingQueue<>(CAPACITY);

    RehearsalConnections(Rehearsals rehearsals) {
        this.rehearsals = rehearsals;
    }

    /**
     * Called by an endpoint for each new connection.
     *
     * @param handshake the upgrade request
     * @param client    the connection's client
     */
    public void opened(Handshake handshake, Client client) {
        if (rehearsals.matches(handshake.headers().get(Rehearsals.HEADER))) {
            arrived.offer(client); // at most CAPACITY waiting: more are plain connections
        }
    }

    /**
     * @param timeout how long to wait
     * @return the next rehearsal connection's client, or null when none arrived in time
     * @throws InterruptedException when interrupted
     */
    public Client next(Duration timeout) throws InterruptedException {
        return arrived.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Forgets the connections handed over and not taken (a rehearsal that gave up). */
    public void clear() {
        arrived.clear();
    }
}

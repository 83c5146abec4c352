package io.herald.realtime.transport.centrifugo;

import java.util.Objects;

/**
 * Entry point of the Centrifugo client protocol (JSON variant, as spoken by the {@code centrifuge} npm SDK v5 and
 * Centrifugo's other official SDKs): one instance per server, one {@link CentrifugoSession} per WebSocket.
 *
 * <p>Start here: a transport adapter calls {@link #open} when a socket opens, feeds every text frame to
 * {@link CentrifugoSession#onFrame}, and calls {@link CentrifugoSession#onTransportClosed} when it closes. The hub
 * encodes publications once with {@link CentrifugoCodec#publicationPush} and hands the shared bytes to
 * {@link CentrifugoSession#deliver}. Everything Herald-specific sits behind {@link CentrifugoBackend}.
 */
public final class CentrifugoProtocol {

    private final CentrifugoBackend backend;
    private final CentrifugoOptions options;
    private final CentrifugoScheduler scheduler;

    /**
     * @param backend   Herald's side (tokens, permissions, hub, history)
     * @param options   limits and timings
     * @param scheduler clock and timers
     */
    public CentrifugoProtocol(CentrifugoBackend backend, CentrifugoOptions options, CentrifugoScheduler scheduler) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.options = Objects.requireNonNull(options, "options");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * Starts the protocol on a freshly opened socket: the connect timeout (close 3502) starts now.
     *
     * @param connection the socket
     * @return the session; feed it the socket's frames
     */
    public CentrifugoSession open(CentrifugoConnection connection) {
        CentrifugoSession session = new CentrifugoSession(this, Objects.requireNonNull(connection, "connection"));
        session.start();
        return session;
    }

    CentrifugoBackend backend() {
        return backend;
    }

    CentrifugoOptions options() {
        return options;
    }

    CentrifugoScheduler scheduler() {
        return scheduler;
    }
}

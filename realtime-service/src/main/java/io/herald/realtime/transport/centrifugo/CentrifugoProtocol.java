package io.herald.realtime.transport.centrifugo;

import io.herald.realtime.client.Client;
import io.herald.realtime.client.Transport;
import io.herald.realtime.hub.CloseCode;
import java.util.Objects;

/**
 * Entry point of the Centrifugo client protocol (JSON variant, as spoken by the {@code centrifuge} npm SDK v5 and
 * Centrifugo's other official SDKs): one instance per server, one {@link CentrifugoSession} per WebSocket.
 *
 * <p>Start here: a transport adapter calls {@link #open} when a socket opens, feeds every text frame to
 * {@link CentrifugoSession#onFrame}, and calls {@link CentrifugoSession#onTransportClosed} when it closes. The hub
 * encodes publications once per channel name with {@link CentrifugoHubCodec} and hands the shared frame to the
 * session's {@link Client}, the connection model both protocols share. Token checks, permissions, hub subscriptions
 * and history sit behind {@link CentrifugoBackend}.
 */
public final class CentrifugoProtocol {

    private final CentrifugoBackend backend;
    private final CentrifugoOptions options;
    private final CentrifugoScheduler scheduler;
    private final Runnable onSlow;

    /**
     * @param backend   Herald's side (tokens, permissions, hub, history)
     * @param options   limits and timings
     * @param scheduler clock and timers
     */
    public CentrifugoProtocol(CentrifugoBackend backend, CentrifugoOptions options, CentrifugoScheduler scheduler) {
        this(backend, options, scheduler, () -> { });
    }

    /**
     * @param backend   Herald's side (tokens, permissions, hub, history)
     * @param options   limits and timings
     * @param scheduler clock and timers
     * @param onSlow    called once per connection closed as a slow client (metrics)
     */
    public CentrifugoProtocol(CentrifugoBackend backend, CentrifugoOptions options, CentrifugoScheduler scheduler,
                              Runnable onSlow) {
        this.onSlow = Objects.requireNonNull(onSlow, "onSlow");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.options = Objects.requireNonNull(options, "options");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * Starts the protocol on a freshly opened socket: the connect timeout (close 3502) starts now.
     *
     * @param transport the socket
     * @return the session; feed it the socket's frames
     */
    public CentrifugoSession open(Transport transport) {
        Client client = new Client(Objects.requireNonNull(transport, "transport"), CentrifugoHubCodec.INSTANCE,
            options.messagesPerSecond(), options.maxPendingPublications(), onSlow, CLOSE_CODES);
        CentrifugoSession session = new CentrifugoSession(this, client);
        session.start();
        return session;
    }

    /** Herald's shared close reasons as Centrifugo close codes, with Centrifugo's wording. */
    static final Client.CloseCodes CLOSE_CODES = new Client.CloseCodes() {
        @Override
        public int code(CloseCode reason) {
            return of(reason).code();
        }

        @Override
        public String reason(CloseCode reason) {
            return of(reason).reason();
        }
    };

    static CentrifugoCloseCode of(CloseCode code) {
        return switch (code) {
            case GOING_AWAY -> CentrifugoCloseCode.SHUTDOWN;
            case SLOW_CLIENT -> CentrifugoCloseCode.SLOW;
            case RECOVERY_OVERFLOW -> CentrifugoCloseCode.INSUFFICIENT_STATE;
            case INVALID_TOKEN -> CentrifugoCloseCode.EXPIRED;
            case TOKEN_REVOKED -> CentrifugoCloseCode.INVALID_TOKEN;
            case DISCONNECTED -> CentrifugoCloseCode.FORCE_DISCONNECT;
            case FORBIDDEN -> CentrifugoCloseCode.PERMISSION_DENIED;
            case TOO_MANY -> CentrifugoCloseCode.CONNECTION_LIMIT;
            case MESSAGE_TOO_BIG -> CentrifugoCloseCode.MESSAGE_TOO_BIG;
            case NO_HEARTBEAT -> CentrifugoCloseCode.NO_PONG;
        };
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

package io.herald.realtime.transport;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Wiring shared by both WebSocket protocols. */
@Factory
final class TransportFactory {

    /** The name of the token-verification executor. */
    static final String TOKEN_VERIFICATION = "herald-token-verification";

    /**
     * Where connection and refresh tokens are verified, never a Netty event loop (a JWKS fetch may take seconds).
     * Bounded to the processor count: signature checks are CPU work, and a burst of connections on an unbounded pool
     * (one thread per handshake) took the CPU from the event loops, whose handshakes then timed out at the clients.
     */
    @Singleton
    @Named(TOKEN_VERIFICATION)
    @Bean(preDestroy = "shutdownNow")
    ExecutorService tokenVerification() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "herald-token-verify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}

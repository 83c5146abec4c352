package io.herald.e2e.support;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A whole Herald deployment for one e2e run: auth-service, one or more realtime-service instances and
 * webhook-audit, each a separate JVM started from its jar on a free port, sharing a database, a JetStream
 * stream and a subject prefix that are unique to this run (and removed when it ends).
 */
public final class Platform implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Throttle window of the shared platform: 1 s instead of 5 s keeps the throttling scenario short. */
    public static final java.time.Duration SHARED_THROTTLE_WINDOW = java.time.Duration.ofSeconds(1);

    /** Two realtime instances, so that scenarios can check that both deliver the same sequences. */
    private static final int SHARED_REALTIME_INSTANCES = 2;

    /**
     * The shared platform's settings: a 1 s throttle window, and webhook retries after 1 s and 2 s instead
     * of 5 s and 5 min, so that the webhook scenario sees three attempts quickly.
     */
    private static final Map<String, String> SHARED_ENV = Map.of(
            "HERALD_THROTTLE_WINDOW", SHARED_THROTTLE_WINDOW.toString(),
            "HERALD_WEBHOOK_RETRY_SCHEDULE", "PT0S,PT1S,PT2S,PT5M",
            // Every scenario swaps API keys for socket tokens from 127.0.0.1: lift the per-address limit.
            "HERALD_AUTH_RATE_LIMIT_PER_IP", "10000");
    private static Platform shared;
    private static RuntimeException sharedFailure;

    private final LocalServices services = LocalServices.get();
    private final String runId = Long.toString(Math.abs(RANDOM.nextLong()), 36);
    private final String database = "herald_e2e_" + runId;
    private final String stream = "E2E_" + runId.toUpperCase(Locale.ROOT);
    private final String subjectPrefix = "e2e" + runId;
    private final String adminKey = randomKey(24);
    private final String serverKey = randomKey(24);
    private final String webhookSecretKey = Base64.getEncoder().encodeToString(randomBytes(32));
    private final ServiceProcess auth;
    private final List<ServiceProcess> realtime = new ArrayList<>();
    private final ServiceProcess webhook;
    private final Path root = Path.of(System.getProperty("herald.root", ".."));
    private final String version = System.getProperty("herald.version", "0.1.0");
    private final Path logDir = Path.of("target", "e2e-logs", runId);

    private Platform(int realtimeInstances, boolean withWebhooks, Map<String, String> extraEnv) {
        services.createDatabase(database);
        auth = process("auth-service", extraEnv);
        for (int i = 0; i < realtimeInstances; i++) {
            ServiceProcess p = process("realtime-service", extraEnv);
            realtime.add(p);
        }
        webhook = withWebhooks ? process("webhook-audit", extraEnv) : null;
    }

    /**
     * The platform shared by the scenarios that don't restart services; started on first use, stopped
     * when the JVM exits.
     */
    public static synchronized Platform shared() {
        if (sharedFailure != null) {
            // Don't spend another start-up timeout per scenario class on a platform that cannot start.
            throw new IllegalStateException("the shared platform failed to start earlier", sharedFailure);
        }
        if (shared == null) {
            try {
                shared = start(SHARED_REALTIME_INSTANCES, SHARED_ENV);
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "e2e-platform-stop"));
        }
        return shared;
    }

    /** A dedicated platform (for scenarios that kill or restart services); close it when done. */
    public static Platform start(int realtimeInstances, Map<String, String> extraEnv) {
        return start(realtimeInstances, true, extraEnv);
    }

    /**
     * A dedicated platform, with or without webhook-audit (scenarios that don't need webhooks start faster
     * without it); close it when done.
     */
    public static Platform start(int realtimeInstances, boolean withWebhooks, Map<String, String> extraEnv) {
        Platform p = new Platform(realtimeInstances, withWebhooks, extraEnv);
        try {
            p.auth.start();
            for (ServiceProcess r : p.realtime) {
                r.start();
            }
            if (p.webhook != null) {
                p.webhook.start();
            }
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private ServiceProcess process(String module, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        int port = freePort();
        String authUrl = auth == null ? "http://127.0.0.1:" + port : auth.httpUrl();
        env.put("HERALD_NATS_URL", services.natsUrl());
        env.put("HERALD_STREAM", stream);
        env.put("HERALD_SUBJECT_PREFIX", subjectPrefix);
        env.put("HERALD_JDBC_URL", services.jdbcUrl(database));
        env.put("HERALD_JDBC_USER", services.jdbcUser());
        env.put("HERALD_JDBC_PASSWORD", services.jdbcPassword());
        env.put("HERALD_ADMIN_KEY", adminKey);
        env.put("HERALD_SERVER_API_KEY", serverKey);
        env.put("HERALD_AUTH_URL", authUrl);
        env.put("HERALD_AUTH_JWKS_URL", authUrl + "/keys");
        env.put("HERALD_WEBHOOK_ALLOW_SUBNETS", "127.0.0.0/8");
        env.put("HERALD_WEBHOOK_SECRET_KEY", webhookSecretKey);
        // auth-service encrypts the signing keys it generates under this key (the same random 32 bytes will do)
        env.put("HERALD_AUTH_KEY_ENCRYPTION_KEY", webhookSecretKey);
        env.putAll(extraEnv);
        Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
        String name = module.equals("realtime-service") ? module + "-" + (realtime.size() + 1) : module;
        return new ServiceProcess(name, jar, port, env, logDir);
    }

    public ServiceProcess auth() {
        return auth;
    }

    public ServiceProcess realtime() {
        return realtime.get(0);
    }

    public ServiceProcess realtime(int index) {
        return realtime.get(index);
    }

    /** How many realtime-service instances this platform runs. */
    public int realtimeInstances() {
        return realtime.size();
    }

    /** The Herald-protocol WebSocket URL of {@code path} on realtime instance {@code instance} with {@code ?token=}. */
    public String heraldWs(int instance, String path, String token) {
        return realtime(instance).wsUrl() + path + (token == null ? "" : "?token=" + token);
    }

    public ServiceProcess webhook() {
        if (webhook == null) {
            throw new IllegalStateException("this platform runs without webhook-audit");
        }
        return webhook;
    }

    public String adminKey() {
        return adminKey;
    }

    public String serverKey() {
        return serverKey;
    }

    public String natsUrl() {
        return services.natsUrl();
    }

    public String stream() {
        return stream;
    }

    /** The NATS subject events for {@code channel} are published on in this run. */
    public String subject(String channel) {
        return subjectPrefix + ".ch." + channel;
    }

    /** Logs of every service, for failure messages. */
    public String logTails() {
        StringBuilder sb = new StringBuilder();
        sb.append(auth.logTail(40)).append('\n');
        realtime.forEach(r -> sb.append(r.logTail(40)).append('\n'));
        if (webhook != null) {
            sb.append(webhook.logTail(40));
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        if (webhook != null) {
            webhook.stop();
        }
        realtime.forEach(ServiceProcess::stop);
        auth.stop();
        try (Connection nc = Nats.connect(services.natsUrl())) {
            nc.jetStreamManagement().deleteStream(stream);
        } catch (JetStreamApiException e) {
            // the stream was never created (a service failed to start): nothing to remove
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.dropDatabase(database);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String randomKey(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }
}

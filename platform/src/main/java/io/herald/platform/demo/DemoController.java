package io.herald.platform.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.annotation.PreDestroy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo page's two calls: a socket token for the demo user, and publishing sample events to the demo user's
 * channels. Both go through the platform's public HTTP API with credentials that never leave the process.
 */
@Controller("/demo")
@Requires(property = "herald.platform.demo.enabled", value = "true", defaultValue = "true")
final class DemoController {

    private static final Logger LOG = LoggerFactory.getLogger(DemoController.class);
    private static final int JOB_TOTAL = 1500;

    private final DemoUser user;
    private final Loopback loopback;
    private final DemoConfiguration config;
    private final String serverKey;
    private final ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-jobs");
        thread.setDaemon(true);
        return thread;
    });

    DemoController(DemoUser user, Loopback loopback, DemoConfiguration config,
                   @Value("${herald.platform.server-api-key}") String serverKeys) {
        this.user = user;
        this.loopback = loopback;
        this.config = config;
        this.serverKey = serverKeys.split(",")[0].trim();
    }

    /**
     * @return {@code {"user", "tenant", "token", "channels"}}: a fresh socket token of the demo user and the
     *     channels the page shows
     */
    @Get(value = "/session", produces = MediaType.APPLICATION_JSON)
    CompletableFuture<Map<String, Object>> session() {
        DemoUser.Identity identity = identity();
        return loopback.post("/api/public/auth/socket", Map.of("X-AUTH-TOKEN", identity.apiKey()), Map.of())
            .thenApply(answer -> {
                if (!answer.ok()) {
                    throw new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, "no socket token yet (HTTP "
                        + answer.status() + "); try again in a moment");
                }
                Map<String, Object> session = new LinkedHashMap<>();
                session.put("user", identity.uuid().toString());
                session.put("tenant", user.tenant());
                session.put("token", answer.body().get("token"));
                session.put("channels", Map.of(
                    "exports", exports(identity),
                    "notifications", notifications(identity),
                    "orders", orders()));
                return session;
            });
    }

    /**
     * Publishes a sample: {@code export} (a job that progresses and finishes over a few seconds),
     * {@code notification} or {@code order}.
     *
     * @param sample which one
     * @return {@code {"sample", "channel"}} once the first event is accepted
     */
    @Post(value = "/publish/{sample}", produces = MediaType.APPLICATION_JSON, consumes = MediaType.ALL)
    CompletableFuture<Map<String, Object>> publish(String sample) {
        DemoUser.Identity identity = identity();
        return switch (sample) {
            case "export" -> {
                String guid = UUID.randomUUID().toString();
                String channel = exports(identity);
                yield publish(channel, SampleEvents.jobCreated(guid)).thenApply(offset -> {
                    scheduleJob(channel, guid, 1);
                    return Map.of("sample", sample, "channel", channel, "guid", guid);
                });
            }
            case "notification" -> publish(notifications(identity),
                SampleEvents.notification("Export complete", "Your XLSX export is ready for download"))
                .thenApply(offset -> Map.of("sample", sample, "channel", notifications(identity)));
            case "order" -> publish(orders(), SampleEvents.orderUpdated())
                .thenApply(offset -> Map.of("sample", sample, "channel", orders()));
            default -> throw new HttpStatusException(HttpStatus.NOT_FOUND,
                "unknown sample '" + sample + "': use export, notification or order");
        };
    }

    @PreDestroy
    void stop() {
        jobs.shutdownNow();
    }

    private void scheduleJob(String channel, String guid, int step) {
        jobs.schedule(() -> {
            Map<String, Object> event = step <= config.jobSteps()
                ? SampleEvents.jobProgress(guid, JOB_TOTAL * step / (config.jobSteps() + 1), JOB_TOTAL)
                : SampleEvents.jobFinished(guid, JOB_TOTAL);
            publish(channel, event).whenComplete((offset, error) -> {
                if (error != null) {
                    LOG.warn("demo job {} stopped: {}", guid, error.getMessage());
                } else if (step <= config.jobSteps()) {
                    scheduleJob(channel, guid, step + 1);
                }
            });
        }, config.stepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Object> publish(String channel, Map<String, Object> data) {
        return loopback.post("/api/publish", Map.of("Authorization", "apikey " + serverKey),
                Map.of("channel", channel, "data", data))
            .thenApply(answer -> {
                if (!answer.ok()) {
                    throw new HttpStatusException(HttpStatus.BAD_GATEWAY,
                        "publish to " + channel + " answered HTTP " + answer.status() + ": " + answer.body());
                }
                return answer.body().get("offset");
            });
    }

    private DemoUser.Identity identity() {
        return user.current().orElseThrow(() -> new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE,
            "the demo user is being created (the database may still be starting); try again in a moment"));
    }

    private static String exports(DemoUser.Identity identity) {
        return "exports:" + identity.uuid();
    }

    private static String notifications(DemoUser.Identity identity) {
        return "user_notifications_channel:" + identity.uuid();
    }

    private String orders() {
        return "order_changes@" + user.tenant();
    }
}

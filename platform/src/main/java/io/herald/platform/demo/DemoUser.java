package io.herald.platform.demo;

import io.herald.platform.embedded.StateDirectory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo user: created through the admin API on first start (once the database is ready), its UUID and API key
 * kept in the state directory ({@code demo-user.id}, {@code demo-user.key}) so later starts reuse it and
 * {@code bin/herald} can print a ready API key.
 */
@Singleton
@Requires(property = "herald.platform.demo.enabled", value = "true", defaultValue = "true")
final class DemoUser implements ApplicationEventListener<ServerStartupEvent> {

    static final String ID_FILE = "demo-user.id";
    static final String KEY_FILE = "demo-user.key";

    private static final Logger LOG = LoggerFactory.getLogger(DemoUser.class);
    private static final long RETRY_MILLIS = 1000;

    /** The demo user's identity. */
    record Identity(UUID uuid, String apiKey) {
        @Override
        public String toString() {
            return "Identity[" + uuid + "]";
        }
    }

    private final StateDirectory state;
    private final Loopback loopback;
    private final DemoConfiguration config;
    private final String adminKey;
    private final AtomicReference<Identity> identity = new AtomicReference<>();

    DemoUser(@Value("${herald.platform.home}") String home, Loopback loopback, DemoConfiguration config,
             @Value("${herald.auth.admin-key}") String adminKey) {
        this.state = new StateDirectory(Path.of(home));
        this.loopback = loopback;
        this.config = config;
        this.adminKey = adminKey;
    }

    Optional<Identity> current() {
        return Optional.ofNullable(identity.get());
    }

    String tenant() {
        return config.tenant();
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        Optional<String> id = state.read(ID_FILE);
        Optional<String> key = state.read(KEY_FILE);
        if (id.isPresent() && key.isPresent()) {
            identity.set(new Identity(UUID.fromString(id.get()), key.get()));
            return;
        }
        Thread creator = new Thread(this::createWhenReady, "demo-user");
        creator.setDaemon(true);
        creator.start();
    }

    private void createWhenReady() {
        String email = "demo-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Map<String, Object> body = Map.of("email", email, "tenant", config.tenant());
        while (identity.get() == null) {
            try {
                Loopback.Answer answer = loopback.post("/api/admin/users", Map.of("Authorization", "apikey " + adminKey),
                    body).join();
                if (answer.ok()) {
                    Identity created = new Identity(UUID.fromString(String.valueOf(answer.body().get("uuid"))),
                        String.valueOf(answer.body().get("apiKey")));
                    state.write(KEY_FILE, created.apiKey());
                    state.write(ID_FILE, created.uuid().toString());
                    identity.set(created);
                    LOG.info("demo user {} created (tenant {}); its API key is in {}", created.uuid(), config.tenant(),
                        state.resolve(KEY_FILE));
                    return;
                }
                LOG.debug("demo user not created yet: HTTP {}", answer.status());
            } catch (RuntimeException e) {
                LOG.debug("demo user not created yet: {}", e.getMessage());
            }
            try {
                Thread.sleep(RETRY_MILLIS); // waits for the database migration; no event announces it here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

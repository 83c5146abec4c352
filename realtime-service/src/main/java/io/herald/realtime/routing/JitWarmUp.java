package io.herald.realtime.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.contract.Verdict;
import io.herald.bus.throttle.ProgressThrottle;
import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.realtime.transport.ws.WebSocketFraming;
import io.herald.schema.ChannelNamespace;
import io.herald.schema.EventCatalog;
import io.herald.schema.EventDefinition;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the catalogue's example events through the event path (contract check, throttle, both protocols' encoders,
 * framing) a few thousand times on a background thread right after start-up, so the JIT compiles that path before the
 * first real events instead of while serving them: on a one-core server the compilations otherwise overlap the first
 * half-minute of traffic and show up in its latency. Nothing reaches the bus, the hub or a client.
 *
 * <p>{@code herald.realtime.warm-up.events} (default 20,000; 0 turns it off) sets how many events are run.
 */
@Singleton
@Requires(property = "herald.realtime.warm-up.events", notEquals = "0")
final class JitWarmUp implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(JitWarmUp.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private final EventCatalog catalog;
    private final EventCheck check;
    private final List<ProtocolCodec> codecs;
    private final int events;

    JitWarmUp(EventCatalog catalog, EventCheck check, List<ProtocolCodec> codecs,
              @Value("${herald.realtime.warm-up.events:20000}") int events) {
        this.catalog = catalog;
        this.check = check;
        this.codecs = codecs;
        this.events = events;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        Thread thread = new Thread(this::run, "herald-jit-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** A channel of the namespace and an example of each of its types. */
    record Sample(String channel, byte[] json) {
    }

    void run() {
        long start = System.nanoTime();
        try {
            List<Sample> samples = samples(catalog);
            if (samples.isEmpty()) {
                return;
            }
            long[] sink = new long[1];
            ProgressThrottle<Delivery> throttle = new ProgressThrottle<>(5_000, 60_000, 1_000, d -> sink[0] += d.offset());
            long clock = 0;
            for (int i = 0; i < events; i++) {
                Sample sample = samples.get(i % samples.size());
                Verdict verdict = check.check(sample.channel(), sample.json());
                clock += 7;
                Delivery delivery = new Delivery(sample.channel(), i + 1, clock, sample.json());
                if (verdict.valid()) {
                    throttle.accept(sample.channel(), verdict.jobKey(), verdict.lifecycle(), clock, delivery);
                }
                for (ProtocolCodec codec : codecs) {
                    EncodedFrame frame = codec.encode(delivery, sample.channel());
                    sink[0] += WebSocketFraming.text(frame.utf8()).length;
                }
                if (i % 16 == 0) {
                    // a short control frame (a ping, a pong, a reply) too: framing code compiled having seen only
                    // events would be thrown away and recompiled, mid-traffic, at the first server ping
                    sink[0] += WebSocketFraming.text(new byte[] {'{', '}'}).length;
                }
                if (i % 64 == 0) {
                    throttle.advanceTo(clock);
                }
            }
            LOG.info("JIT warm-up: {} example events of {} kinds through the event path in {} ms ({})", events, samples.size(),
                (System.nanoTime() - start) / 1_000_000, sink[0]);
        } catch (RuntimeException e) {
            // only a missed optimisation: the service works the same without it
            LOG.debug("JIT warm-up stopped: {}", e.toString());
        }
    }

    /** @return one sample per event type and namespace of the catalogue, each valid on its channel */
    static List<Sample> samples(EventCatalog catalog) {
        List<Sample> samples = new ArrayList<>();
        for (EventDefinition definition : catalog.definitions()) {
            JsonNode schema = catalog.schemaDocument(definition).orElse(null);
            JsonNode examples = schema == null ? null : schema.get("examples");
            if (examples == null || !examples.isArray() || examples.isEmpty()) {
                continue;
            }
            byte[] json = examples.get(0).toString().getBytes(StandardCharsets.UTF_8);
            for (ChannelNamespace namespace : catalog.namespaces()) {
                if (definition.namespaces().contains(namespace)) {
                    samples.add(new Sample(channelOf(namespace.template()), json));
                }
            }
        }
        return samples;
    }

    /** A concrete channel name of a namespace template: user placeholders get a UUID, the others a word. */
    static String channelOf(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).toLowerCase(java.util.Locale.ROOT);
            m.appendReplacement(out, name.contains("uuid") || name.contains("user")
                ? "00000000-0000-4000-8000-000000000000" : "warmup");
        }
        m.appendTail(out);
        return out.toString();
    }
}

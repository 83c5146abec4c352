package io.herald.realtime.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bus.contract.EventCheck;
import io.herald.bus.contract.SchemaEventCheck;
import io.herald.bus.contract.Verdict;
import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.schema.EventContract;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The start-up warm-up runs real, valid examples of every built-in type through the event path. */
class JitWarmUpTest {

    @Test
    void everyTemplateBecomesAChannelNameOfItsNamespace() {
        assertThat(JitWarmUp.channelOf("exports:{userUuid}")).isEqualTo("exports:00000000-0000-4000-8000-000000000000");
        assertThat(JitWarmUp.channelOf("workbook:{tenantId}:{workbookId}")).isEqualTo("workbook:warmup:warmup");
        assertThat(JitWarmUp.channelOf("export.{guid}.job")).isEqualTo("export.warmup.job");
        assertThat(JitWarmUp.channelOf("order_changes@{tenantId}")).isEqualTo("order_changes@warmup");
    }

    @Test
    void theExamplesAreValidOnTheirChannelsAndReachEveryCodec() {
        EventContract contract = EventContract.load();
        SchemaEventCheck real = new SchemaEventCheck(contract);
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger valid = new AtomicInteger();
        EventCheck counting = new EventCheck() {
            @Override
            public Verdict check(String channel, byte[] json) {
                Verdict verdict = real.check(channel, json);
                checked.incrementAndGet();
                if (verdict.valid()) {
                    valid.incrementAndGet();
                }
                return verdict;
            }

            @Override
            public Verdict check(String channel, com.fasterxml.jackson.databind.JsonNode parsed, byte[] json) {
                return real.check(channel, parsed, json);
            }
        };
        AtomicInteger encoded = new AtomicInteger();
        ProtocolCodec codec = (Delivery delivery, String display) -> {
            encoded.incrementAndGet();
            return EncodedFrame.of("{}");
        };
        new JitWarmUp(contract.catalog(), counting, List.of(codec), 500).run();
        assertThat(checked).hasValue(500);
        // every sample is a genuine event of its channel: the warm-up exercises the valid path, not the dead letters
        assertThat(valid).hasValue(500);
        assertThat(encoded).hasValue(500);
    }
}

package io.herald.webhook.signing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void knownAnswerFromTheSpec() {
        String sig = WebhookSigner.sign(List.of(SECRET), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", sig);
    }

    @Test
    void specLibraryVerifiesOurSignatureAndRejectsATamperedBody() throws Exception {
        String secret = WebhookSigner.newSecret(32);
        String body = "{\"event\":\"job.finished\",\"guid\":\"g1\"}";
        long ts = Instant.now().getEpochSecond();
        String sig = WebhookSigner.sign(List.of(secret), "msg_abc", ts, body.getBytes(StandardCharsets.UTF_8));
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_abc"),
                "webhook-timestamp", List.of(Long.toString(ts)), "webhook-signature", List.of(sig));
        assertDoesNotThrow(() -> new Webhook(secret).verify(body, headers));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(secret).verify(body + " ", headers));
    }

    @Test
    void whileRotatingBothSecretsSignAndEachVerifies() throws Exception {
        String fresh = WebhookSigner.newSecret(24);
        String old = WebhookSigner.newSecret(32);
        long ts = Instant.now().getEpochSecond();
        String sig = WebhookSigner.sign(List.of(fresh, old), "msg_x", ts, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(2, sig.split(" ").length);
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_x"),
                "webhook-timestamp", List.of(Long.toString(ts)), "webhook-signature", List.of(sig));
        new Webhook(fresh).verify("{}", headers);
        new Webhook(old).verify("{}", headers);
    }

    @Test
    void secretsHaveThePrefixAndLength() {
        String s = WebhookSigner.newSecret(32);
        assertTrue(s.startsWith("whsec_"));
        assertEquals(32, java.util.Base64.getDecoder().decode(s.substring(6)).length);
        assertThrows(IllegalArgumentException.class, () -> WebhookSigner.newSecret(16));
    }
}

package io.herald.realtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The publish API's OpenAPI document is generated at build time and served with Swagger UI. */
class OpenApiIT {

    @Test
    void openApiDocumentDescribesThePublishApiAndSwaggerUiIsServed() throws Exception {
        try (TestKeys keys = new TestKeys(); RealtimeServer rt = RealtimeServer.start(keys, Map.of())) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> doc = http.send(HttpRequest.newBuilder(
                URI.create(rt.http("/swagger/herald-realtime-service-0.1.0.yml"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(doc.body()).contains("/api/publish", "/api/broadcast", "serverApiKey", "X-API-Key",
                "application/problem+json", "\"401\"", "\"413\"");
            HttpResponse<String> ui = http.send(HttpRequest.newBuilder(URI.create(rt.http("/swagger-ui/index.html"))).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(ui.statusCode()).isEqualTo(200);
            assertThat(ui.body()).containsIgnoringCase("swagger");
        }
    }
}

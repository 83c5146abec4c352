package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.ForgedTokens;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.User;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A product's web app lives on its own origin and calls Herald from the browser: the export product's Quick Start
 * swaps the user's API key for a socket token ({@code POST /api/public/auth/socket} with {@code X-AUTH-TOKEN}), and a
 * dashboard reads a channel's history from realtime-service with {@code Authorization: Bearer}. Both need a CORS
 * preflight. With {@code HERALD_CORS_ORIGINS} listing the app's origin, auth-service and realtime-service allow the
 * preflight and answer the real request with the CORS headers (credentials allowed); any other origin's preflight
 * is refused with 403 and gets no {@code Access-Control-Allow-Origin}.
 *
 * <p>Checked twice: with raw HTTP preflights for {@code https://app.example} (and {@code https://evil.example}), and
 * in a real headless Chromium that runs the Quick Start's {@code getToken} fetch from a page served by this test on
 * {@code http://localhost:<port>} (a listed origin) and on {@code http://127.0.0.1:<port>} (the same page, an origin
 * that is not listed — the browser must refuse to hand the answer to the page).
 */
class CorsIT {

    private static final String APP = "https://app.example";
    private static final String EVIL = "https://evil.example";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The product's page: the Quick Start's token fetch, word for word, with the host names as parameters. */
    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Export dashboard</title></head>
            <body><h1>Export dashboard</h1>
            <script>
              window.quickStartGetToken = async (authUrl, apiKey) => {
                const res = await fetch(`${authUrl}/api/public/auth/socket`, {
                  method: 'POST',
                  headers: { 'X-AUTH-TOKEN': apiKey },
                });
                const data = await res.json();
                return data.token;
              };
              window.readHistory = async (realtimeUrl, channel, token) => {
                const res = await fetch(`${realtimeUrl}/api/history?channel=${encodeURIComponent(channel)}`, {
                  headers: { 'Authorization': `Bearer ${token}` },
                });
                return { status: res.status, body: await res.json() };
              };
            </script>
            </body></html>
            """;

    @TempDir
    static Path browserProfile;

    private static HttpServer pageServer;
    private static String allowedPageOrigin;
    private static String otherPageOrigin;
    private static Platform platform;
    private static HeraldApi api;

    @BeforeAll
    static void start() throws IOException {
        // The app's pages: one server, reachable as two origins (localhost is listed, 127.0.0.1 is not).
        pageServer = HttpServer.create(new InetSocketAddress(0), 0);
        pageServer.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pageServer.start();
        int port = pageServer.getAddress().getPort();
        allowedPageOrigin = "http://localhost:" + port;
        otherPageOrigin = "http://127.0.0.1:" + port;
        platform = Platform.start(1, false, Map.of("HERALD_CORS_ORIGINS", APP + "," + allowedPageOrigin));
        api = new HeraldApi(platform);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (pageServer != null) {
            pageServer.stop(0);
        }
    }

    @Test
    void authServiceAllowsTheQuickStartPreflightOnlyForTheListedOrigin() {
        User user = api.createUser("acme-" + UUID.randomUUID().toString().substring(0, 8));
        String socket = platform.auth().httpUrl() + "/api/public/auth/socket";

        HttpResponse<String> preflight = preflight(socket, APP, "POST", "X-AUTH-TOKEN");
        assertAllowed(preflight, APP);
        assertTrue(listed(preflight, "Access-Control-Allow-Methods").contains("post"), () -> describe(preflight));
        assertTrue(listed(preflight, "Access-Control-Allow-Headers").contains("x-auth-token"), () -> describe(preflight));

        HttpResponse<String> real = send(HttpRequest.newBuilder(URI.create(socket))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Origin", APP).header("X-AUTH-TOKEN", user.apiKey()));
        assertEquals(200, real.statusCode(), () -> describe(real));
        assertAllowed(real, APP);
        String token = io.herald.e2e.support.Json.read(real.body()).path("token").asText();
        assertEquals(user.uuid(), ForgedTokens.claimsOf(token).path("sub").asText(), real::body);

        assertRefused(preflight(socket, EVIL, "POST", "X-AUTH-TOKEN"));
    }

    @Test
    void realtimeServiceAllowsAHistoryReadWithABearerTokenOnlyFromTheListedOrigin() {
        User user = api.createUser("acme-" + UUID.randomUUID().toString().substring(0, 8));
        long offset = api.publishHttp(0, user.exportsChannel(), Events.jobCreated(UUID.randomUUID().toString()));
        String history = platform.realtime().httpUrl() + "/api/history?channel="
                + URLEncoder.encode(user.exportsChannel(), StandardCharsets.UTF_8);

        HttpResponse<String> preflight = preflight(history, APP, "GET", "Authorization");
        assertAllowed(preflight, APP);
        assertTrue(listed(preflight, "Access-Control-Allow-Headers").contains("authorization"), () -> describe(preflight));

        HttpResponse<String> real = send(HttpRequest.newBuilder(URI.create(history)).GET()
                .header("Origin", APP).header("Authorization", "Bearer " + api.socketToken(user)));
        assertEquals(200, real.statusCode(), () -> describe(real));
        assertAllowed(real, APP);
        assertEquals(offset, io.herald.e2e.support.Json.read(real.body()).path("events").path(0).path("offset").asLong(),
                () -> describe(real));

        assertRefused(preflight(history, EVIL, "GET", "Authorization"));
    }

    @Test
    void theQuickStartFetchWorksInABrowserOnTheListedOriginAndNotOnAnother() {
        User user = api.createUser("acme-" + UUID.randomUUID().toString().substring(0, 8));
        long offset = api.publishHttp(0, user.exportsChannel(), Events.jobCreated(UUID.randomUUID().toString()));
        WebDriver browser = browser();
        try {
            browser.get(allowedPageOrigin + "/");
            Object answer = run(browser, """
                    const [authUrl, realtimeUrl, apiKey, channel, done] = arguments;
                    window.quickStartGetToken(authUrl, apiKey)
                      .then(token => window.readHistory(realtimeUrl, channel, token).then(h => done({ token, history: h })))
                      .catch(e => done({ error: String(e) }));
                    """, platform.auth().httpUrl(), platform.realtime().httpUrl(), user.apiKey(), user.exportsChannel());
            Map<?, ?> result = (Map<?, ?>) answer;
            assertFalse(result.containsKey("error"), () -> "the page on " + allowedPageOrigin + " failed: " + result
                    + "\n" + platform.logTails());
            String token = (String) result.get("token");
            assertEquals(user.uuid(), ForgedTokens.claimsOf(token).path("sub").asText(), result::toString);
            Map<?, ?> history = (Map<?, ?>) result.get("history");
            assertEquals(200L, ((Number) history.get("status")).longValue(), result::toString);
            List<?> events = (List<?>) ((Map<?, ?>) history.get("body")).get("events");
            assertEquals(offset, ((Number) ((Map<?, ?>) events.get(0)).get("offset")).longValue(), result::toString);

            // The same page served from an origin Herald doesn't list: the browser refuses the cross-origin answer.
            browser.get(otherPageOrigin + "/");
            Object refused = run(browser, """
                    const [authUrl, apiKey, done] = arguments;
                    window.quickStartGetToken(authUrl, apiKey)
                      .then(token => done({ token }))
                      .catch(e => done({ error: String(e) }));
                    """, platform.auth().httpUrl(), user.apiKey());
            Map<?, ?> denied = (Map<?, ?>) refused;
            assertFalse(denied.containsKey("token"), () -> "a page on " + otherPageOrigin + " got a token: " + denied);
            assertTrue(String.valueOf(denied.get("error")).contains("Failed to fetch"), denied::toString);
        } finally {
            browser.quit();
        }
    }

    private static Object run(WebDriver browser, String script, Object... args) {
        return ((JavascriptExecutor) browser).executeAsyncScript(script, args);
    }

    private WebDriver browser() {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + browserProfile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static HttpResponse<String> preflight(String url, String origin, String method, String headers) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers));
    }

    private static void assertAllowed(HttpResponse<String> r, String origin) {
        assertEquals(200, r.statusCode(), () -> describe(r));
        assertEquals(origin, r.headers().firstValue("Access-Control-Allow-Origin").orElse(null), () -> describe(r));
        assertEquals("true", r.headers().firstValue("Access-Control-Allow-Credentials").orElse(null), () -> describe(r));
        // The answer depends on the Origin: caches between the browser and Herald must not reuse it for another one.
        assertTrue(listed(r, "Vary").contains("origin"), () -> describe(r));
    }

    private static void assertRefused(HttpResponse<String> r) {
        assertEquals(403, r.statusCode(), () -> describe(r));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), () -> describe(r));
    }

    private static List<String> listed(HttpResponse<String> r, String header) {
        return r.headers().allValues(header).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(v -> v.trim().toLowerCase(Locale.ROOT))
                .toList();
    }

    private static String describe(HttpResponse<String> r) {
        return r.request().method() + " " + r.request().uri() + " → " + r.statusCode() + " " + r.headers().map()
                + " " + r.body() + "\n" + platform.logTails();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

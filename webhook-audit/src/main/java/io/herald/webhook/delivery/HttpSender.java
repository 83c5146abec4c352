package io.herald.webhook.delivery;

import io.herald.webhook.ssrf.GuardedDnsResolver;
import io.herald.webhook.ssrf.SsrfBlockedException;
import io.herald.webhook.ssrf.SsrfGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends one signed webhook request with Apache HttpClient 5: pooled connections, the SSRF guard inside the DNS
 * resolver, redirects and automatic retries off, connect and total timeouts. Never throws: every failure becomes
 * a {@link SendResult} with an error class.
 */
public final class HttpSender implements AutoCloseable {

    /** Result of one request. */
    public record SendResult(Outcome outcome, int responseCode, String responseBody, Optional<Duration> retryAfter,
                             String resolvedIp, String errorClass, String errorMessage, long durationMs) {
    }

    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager pool;
    private final SsrfGuard guard;
    private final DeliveryConfig config;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    /**
     * @param guard    SSRF guard
     * @param resolver DNS resolver behind the guard (system resolver in production)
     * @param config   delivery settings
     * @param clock    clock, for {@code Retry-After} dates
     */
    public HttpSender(SsrfGuard guard, DnsResolver resolver, DeliveryConfig config, Clock clock) {
        this.guard = guard;
        this.config = config;
        this.clock = clock;
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(guard, resolver))
                .setMaxConnTotal(config.concurrency() * 2)
                .setMaxConnPerRoute(config.concurrency())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.connectTimeout()))
                        .setSocketTimeout(Timeout.of(config.requestTimeout()))
                        .setTimeToLive(Timeout.ofMinutes(5))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(config.requestTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(config.requestTimeout()))
                        .build())
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-request-deadline");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * POSTs {@code body} to {@code url}.
     *
     * @param url     endpoint URL
     * @param headers request headers (webhook-id, -timestamp, -signature, user agent)
     * @param body    exact body bytes
     * @return what happened
     */
    public SendResult send(String url, Map<String, String> headers, byte[] body) {
        long start = System.nanoTime();
        try {
            guard.checkUrlSyntax(url);
        } catch (SsrfBlockedException e) {
            return new SendResult(Outcome.BLOCKED, 0, null, Optional.empty(), null, "ssrf_blocked", e.getMessage(), 0);
        }
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        HttpClientContext ctx = HttpClientContext.create();
        AtomicBoolean deadlineHit = new AtomicBoolean();
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            deadlineHit.set(true);
            post.cancel();
        }, config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            return client.execute(post, ctx, response -> {
                int code = response.getCode();
                String text = readCapped(response.getEntity());
                Header ra = response.getFirstHeader("Retry-After");
                Outcome outcome = Outcome.ofStatus(code);
                return new SendResult(outcome, code, text, parseRetryAfter(ra == null ? null : ra.getValue()),
                        remoteIp(ctx), outcome == Outcome.REDIRECT ? "redirect" : null,
                        outcome == Outcome.REDIRECT ? "redirects are not followed (status " + code + ")" : null,
                        elapsed(start));
            });
        } catch (SsrfBlockedException e) {
            return failure(Outcome.BLOCKED, "ssrf_blocked", e.getMessage(), ctx, start);
        } catch (UnknownHostException e) {
            return failure(Outcome.NETWORK_ERROR, "dns", "host does not resolve: " + e.getMessage(), ctx, start);
        } catch (ConnectTimeoutException e) {
            return failure(Outcome.TIMEOUT, "timeout", "connect timed out after " + config.connectTimeout(), ctx, start);
        } catch (SocketTimeoutException e) {
            return failure(Outcome.TIMEOUT, "timeout", "no response within " + config.requestTimeout(), ctx, start);
        } catch (ConnectException e) {
            return failure(Outcome.NETWORK_ERROR, "connect", "connection refused or unreachable: " + e.getMessage(), ctx, start);
        } catch (SSLException e) {
            return failure(Outcome.NETWORK_ERROR, "tls", "TLS failure: " + e.getMessage(), ctx, start);
        } catch (IOException e) {
            if (deadlineHit.get() || e instanceof InterruptedIOException) {
                return failure(Outcome.TIMEOUT, "timeout", "request exceeded " + config.requestTimeout(), ctx, start);
            }
            return failure(Outcome.NETWORK_ERROR, "io", String.valueOf(e.getMessage()), ctx, start);
        } catch (RuntimeException e) {
            if (deadlineHit.get()) {
                return failure(Outcome.TIMEOUT, "timeout", "request exceeded " + config.requestTimeout(), ctx, start);
            }
            return failure(Outcome.NETWORK_ERROR, "io", e.getClass().getSimpleName() + ": " + e.getMessage(), ctx, start);
        } finally {
            deadline.cancel(false);
        }
    }

    private SendResult failure(Outcome outcome, String errorClass, String message, HttpClientContext ctx, long start) {
        return new SendResult(outcome, 0, null, Optional.empty(), remoteIp(ctx), errorClass, message, elapsed(start));
    }

    private String readCapped(HttpEntity entity) throws IOException {
        if (entity == null) {
            return null;
        }
        int cap = config.responseBodyCap();
        try (InputStream in = entity.getContent()) {
            byte[] b = in.readNBytes(cap);
            // The rest of an oversized body is not read: closing the response discards the connection.
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static String remoteIp(HttpClientContext ctx) {
        EndpointDetails d = ctx.getEndpointDetails();
        SocketAddress a = d == null ? null : d.getRemoteAddress();
        if (a instanceof InetSocketAddress isa && isa.getAddress() != null) {
            return isa.getAddress().getHostAddress();
        }
        return null;
    }

    /**
     * @param value a {@code Retry-After} value: seconds or an HTTP date
     * @return the delay, if the value parses
     */
    Optional<Duration> parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            long s = Long.parseLong(v);
            return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException ex) {
                return Optional.empty();
            }
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        client.close();
    }
}

package io.herald.webhook.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The DNS resolver the webhook HTTP client connects with: resolves, then lets {@link SsrfGuard} check every
 * address. Because the check runs on the very addresses the socket connects to, a name that resolves to a
 * public address when saved and a private one at delivery time (DNS rebinding) is still refused.
 */
public final class GuardedDnsResolver implements DnsResolver {

    private final SsrfGuard guard;
    private final DnsResolver delegate;

    /**
     * @param guard    the guard
     * @param delegate the real resolver (the system one in production; a fixed table in tests)
     */
    public GuardedDnsResolver(SsrfGuard guard, DnsResolver delegate) {
        this.guard = guard;
        this.delegate = delegate;
    }

    /** @param guard the guard, with the system resolver */
    public GuardedDnsResolver(SsrfGuard guard) {
        this(guard, SystemDefaultDnsResolver.INSTANCE);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = delegate.resolve(h);
        guard.checkResolved(host, addresses);
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }
}

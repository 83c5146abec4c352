package io.herald.webhook.ssrf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses webhook URLs and resolved addresses that would reach the platform's own network (SSRF).
 *
 * <p>Deny ranges are the documented list; IPv4-mapped and IPv4-compatible IPv6 addresses are converted to IPv4 first. Java's
 * {@code isSiteLocalAddress} is not used because it misses {@code fc00::/7} and {@code 100.64.0.0/10}. The
 * operator allow-list ({@code HERALD_WEBHOOK_ALLOW_SUBNETS}) overrides the deny list except for
 * {@code 169.254.0.0/16} (cloud metadata), which can never be allowed. Every refusal names its rule.
 *
 * <p>Used twice: when an endpoint is saved (fast feedback, {@link #checkUrl(String)}) and inside the HTTP
 * client's DNS resolver ({@link GuardedDnsResolver}) on the addresses it actually connects to.
 */
public final class SsrfGuard {

    private static final Cidr METADATA = Cidr.parse("169.254.0.0/16");

    private record Rule(Cidr cidr, String name) {
    }

    private static final List<Rule> DENY = List.of(
            rule("0.0.0.0/8", "\"this network\""),
            rule("10.0.0.0/8", "private network"),
            rule("100.64.0.0/10", "carrier-grade NAT"),
            rule("127.0.0.0/8", "loopback"),
            rule("169.254.0.0/16", "link-local / cloud metadata"),
            rule("172.16.0.0/12", "private network"),
            rule("192.0.0.0/24", "IETF protocol assignments"),
            rule("192.0.2.0/24", "documentation (TEST-NET-1)"),
            rule("192.88.99.0/24", "6to4 relay anycast"),
            rule("192.168.0.0/16", "private network"),
            rule("198.18.0.0/15", "benchmarking"),
            rule("198.51.100.0/24", "documentation (TEST-NET-2)"),
            rule("203.0.113.0/24", "documentation (TEST-NET-3)"),
            rule("224.0.0.0/4", "multicast"),
            rule("240.0.0.0/4", "reserved"),
            rule("255.255.255.255/32", "broadcast"),
            rule("::/128", "unspecified address"),
            rule("::1/128", "loopback"),
            rule("fe80::/10", "link-local"),
            rule("fc00::/7", "unique local address"),
            rule("ff00::/8", "multicast"),
            rule("2001:db8::/32", "documentation"),
            rule("2002::/16", "6to4"),
            rule("64:ff9b::/96", "NAT64"),
            rule("64:ff9b:1::/48", "local-use NAT64"));

    /** A dotted-quad in canonical decimal form: 1–3 digits per part, no leading zeros. */
    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Hosts that some resolvers read as numbers: decimal, octal (leading 0) or hex (0x) parts. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]*|\\d+)(\\.(0x[0-9a-f]*|\\d+)){0,3}\\.?");

    private final List<Cidr> allow;

    /**
     * @param allowSubnets operator allow-list in CIDR notation; may not overlap {@code 169.254.0.0/16}
     * @throws IllegalArgumentException for a malformed subnet or one overlapping the metadata range
     */
    public SsrfGuard(Collection<String> allowSubnets) {
        List<Cidr> list = new ArrayList<>();
        for (String s : allowSubnets) {
            if (s == null || s.isBlank()) {
                continue;
            }
            Cidr c = Cidr.parse(s);
            if (c.overlaps(METADATA)) {
                throw new IllegalArgumentException(
                        "HERALD_WEBHOOK_ALLOW_SUBNETS may not include 169.254.0.0/16 (cloud metadata): '" + s + "'");
            }
            list.add(c);
        }
        this.allow = List.copyOf(list);
    }

    private static Rule rule(String cidr, String name) {
        return new Rule(Cidr.parse(cidr), name);
    }

    /**
     * Checks a URL's form and, when its host is a name, the addresses it resolves to now.
     *
     * @param url the endpoint URL
     * @return the parsed URI
     * @throws SsrfBlockedException when refused; the message says why
     */
    public URI checkUrl(String url) throws SsrfBlockedException {
        URI uri = checkUrlSyntax(url);
        // the host as written: java.net.URI has no host for names it cannot parse (e.g. with '_'), and looking up a
        // null host would return the loopback address
        String host = host(uri);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (SsrfBlockedException e) {
            throw e;
        } catch (UnknownHostException e) {
            throw new SsrfBlockedException("dns", "URL refused: host '" + host + "' does not resolve");
        }
        checkResolved(host, addresses);
        return uri;
    }

    /**
     * Checks a URL's form only (no DNS): scheme, userinfo, host and numeric-literal tricks; IP literals are
     * checked against the ranges too.
     *
     * @param url the endpoint URL
     * @return the parsed URI
     * @throws SsrfBlockedException when refused
     */
    public URI checkUrlSyntax(String url) throws SsrfBlockedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new SsrfBlockedException("syntax", "URL refused: not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new SsrfBlockedException("scheme", "URL refused: scheme must be http or https, was '" + scheme + "'");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new SsrfBlockedException("userinfo", "URL refused: user information (user:password@) is not allowed");
        }
        String host = host(uri);
        if (host == null || host.isEmpty()) {
            throw new SsrfBlockedException("host", "URL refused: no host");
        }
        if (!host.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // Unicode digits or letters: resolvers may read them as an address; IDNs must be sent in ASCII form
            throw new SsrfBlockedException("host", "URL refused: host '" + host
                    + "' contains non-ASCII characters; write internationalised names in their ASCII (punycode) form");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            InetAddress literal = literal(h.substring(1, h.length() - 1), host);
            checkAddress(host, literal);
        } else if (NUMERIC_HOST.matcher(h).matches()) {
            if (!CANONICAL_IPV4.matcher(h).matches()) {
                throw new SsrfBlockedException("numeric-host",
                        "URL refused: host '" + host + "' is a non-canonical numeric address (decimal, octal or hex form)");
            }
            checkAddress(host, literal(h, host));
        }
        return uri;
    }

    /**
     * java.net.URI leaves the host empty for names it cannot read as a server address ("127.1", "0x7f.0.0.1",
     * non-ASCII or '_' names): then the host is taken from the authority, as written.
     */
    private static String host(URI uri) {
        String host = uri.getHost();
        if (host == null && uri.getRawAuthority() != null) {
            String auth = uri.getRawAuthority();
            int colon = auth.lastIndexOf(':');
            host = colon > 0 && !auth.endsWith("]") ? auth.substring(0, colon) : auth;
        }
        return host;
    }

    private static InetAddress literal(String text, String host) throws SsrfBlockedException {
        try {
            // Only called with IP literals, so no DNS look-up happens here.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new SsrfBlockedException("syntax", "URL refused: '" + host + "' is not a valid address");
        }
    }

    /**
     * Checks every address a host resolved to; one refused address refuses the host.
     *
     * @param host      the host name (for the message)
     * @param addresses the resolved addresses
     * @throws SsrfBlockedException when any address is refused
     */
    public void checkResolved(String host, InetAddress[] addresses) throws SsrfBlockedException {
        if (addresses == null || addresses.length == 0) {
            throw new SsrfBlockedException("dns", "URL refused: host '" + host + "' does not resolve");
        }
        for (InetAddress a : addresses) {
            checkAddress(host, a);
        }
    }

    /**
     * Checks one address.
     *
     * @param host    the host name (for the message)
     * @param address the address
     * @throws SsrfBlockedException when refused
     */
    public void checkAddress(String host, InetAddress address) throws SsrfBlockedException {
        byte[] raw = normalise(address);
        String shown = display(raw);
        if (METADATA.contains(raw)) {
            throw refused(host, shown, "169.254.0.0/16 (link-local / cloud metadata)", false);
        }
        for (Cidr c : allow) {
            if (c.contains(raw)) {
                return;
            }
        }
        for (Rule r : DENY) {
            if (r.cidr().contains(raw)) {
                throw refused(host, shown, r.cidr() + " (" + r.name() + ")", true);
            }
        }
    }

    private static SsrfBlockedException refused(String host, String shown, String rule, boolean allowable) {
        String msg = "URL refused: host '" + host + "' resolves to " + shown + ", which is in " + rule
                + (allowable ? "; an operator can allow it with HERALD_WEBHOOK_ALLOW_SUBNETS" : "; this range is never allowed");
        return new SsrfBlockedException(rule, msg);
    }

    /**
     * IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible ({@code ::a.b.c.d}, deprecated but still routed by
     * some stacks) IPv6 addresses become the IPv4 address they stand for; {@code ::} and {@code ::1} stay IPv6.
     */
    static byte[] normalise(InetAddress address) {
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address && (isMapped(raw) || isCompatible(raw))) {
            byte[] v4 = new byte[4];
            System.arraycopy(raw, 12, v4, 0, 4);
            return v4;
        }
        return raw;
    }

    private static boolean isCompatible(byte[] raw) {
        for (int i = 0; i < 12; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[12] != 0 || raw[13] != 0 || raw[14] != 0 || (raw[15] & 0xFF) > 1;
    }

    private static boolean isMapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xFF && raw[11] == (byte) 0xFF;
    }

    private static String display(byte[] raw) {
        try {
            InetAddress a = InetAddress.getByAddress(raw);
            return a instanceof Inet4Address ? a.getHostAddress() : "[" + a.getHostAddress() + "]";
        } catch (UnknownHostException e) {
            return "?";
        }
    }
}

package io.herald.webhook.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 subnet in CIDR notation. */
record Cidr(byte[] network, int prefix, String text) {

    static Cidr parse(String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        if (!isIpLiteral(host)) {
            throw new IllegalArgumentException("not an IP subnet: '" + cidr + "'");
        }
        byte[] addr;
        try {
            addr = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP subnet: '" + cidr + "'", e);
        }
        int prefix;
        try {
            prefix = slash < 0 ? addr.length * 8 : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + cidr + "'", e);
        }
        if (prefix < 0 || prefix > addr.length * 8) {
            throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
        }
        return new Cidr(mask(addr, prefix), prefix, s);
    }

    /** Only literal addresses: hex digits, dots and colons (no DNS look-up when parsing configuration). */
    private static boolean isIpLiteral(String host) {
        return !host.isEmpty() && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }

    boolean contains(byte[] addr) {
        return addr.length == network.length && Arrays.equals(mask(addr, prefix), network);
    }

    /** True when this subnet and {@code other} share at least one address. */
    boolean overlaps(Cidr other) {
        if (other.network.length != network.length) {
            return false;
        }
        int p = Math.min(prefix, other.prefix);
        return Arrays.equals(mask(network, p), mask(other.network, p));
    }

    private static byte[] mask(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xFF << (8 - bits));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}

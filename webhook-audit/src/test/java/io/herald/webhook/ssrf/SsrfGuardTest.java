package io.herald.webhook.ssrf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SsrfGuardTest {

    private final SsrfGuard guard = new SsrfGuard(List.of());

    /** URL → expected rule fragment ("ok" = allowed). IP literals only, so no DNS is involved. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "http://0.0.0.0/                  | 0.0.0.0/8",
        "http://0.1.2.3/                  | 0.0.0.0/8",
        "http://10.0.0.1/                 | 10.0.0.0/8",
        "http://10.255.255.255/           | 10.0.0.0/8",
        "http://100.64.0.1/               | 100.64.0.0/10",
        "http://100.127.255.254/          | 100.64.0.0/10",
        "http://127.0.0.1:8080/x          | 127.0.0.0/8",
        "http://127.1.2.3/                | 127.0.0.0/8",
        "http://169.254.169.254/latest    | 169.254.0.0/16",
        "http://172.16.0.1/               | 172.16.0.0/12",
        "http://172.31.255.255/           | 172.16.0.0/12",
        "http://192.0.0.8/                | 192.0.0.0/24",
        "http://192.0.2.10/               | 192.0.2.0/24",
        "http://192.88.99.1/              | 192.88.99.0/24",
        "http://192.168.1.1/              | 192.168.0.0/16",
        "http://198.18.0.1/               | 198.18.0.0/15",
        "http://198.19.255.1/             | 198.18.0.0/15",
        "http://198.51.100.7/             | 198.51.100.0/24",
        "http://203.0.113.9/              | 203.0.113.0/24",
        "http://224.0.0.1/                | 224.0.0.0/4",
        "http://239.255.255.250/          | 224.0.0.0/4",
        "http://240.0.0.1/                | 240.0.0.0/4",
        "http://255.255.255.255/          | 240.0.0.0/4",
        "http://[::]/                     | ::/128",
        "http://[::1]/                    | ::1/128",
        "http://[fe80::1]/                | fe80::/10",
        "http://[febf::1]/                | fe80::/10",
        "http://[fc00::1]/                | fc00::/7",
        "http://[fd12:3456::1]/           | fc00::/7",
        "http://[ff02::1]/                | ff00::/8",
        "http://[2001:db8::1]/            | 2001:db8::/32",
        "http://[2002:c000:204::1]/       | 2002::/16",
        "http://[64:ff9b::a00:1]/         | 64:ff9b::/96",
        "http://[64:ff9b:1::1]/           | 64:ff9b:1::/48",
        "http://[::ffff:127.0.0.1]/       | 127.0.0.0/8",
        "http://[::ffff:169.254.169.254]/ | 169.254.0.0/16",
        "http://[::ffff:10.1.2.3]/        | 10.0.0.0/8",
        "http://[::127.0.0.1]/            | 127.0.0.0/8",
        "http://[::169.254.169.254]/      | 169.254.0.0/16",
        "http://[::10.0.0.1]/             | 10.0.0.0/8",
        "http://[::ffff:a9fe:a9fe]/       | 169.254.0.0/16",
        "http://2130706433/               | numeric-host",
        "http://0177.0.0.1/               | numeric-host",
        "http://0x7f.0.0.1/               | numeric-host",
        "http://0x7f000001/               | numeric-host",
        "http://127.1/                    | numeric-host",
        "http://017700000001/             | numeric-host",
        "ftp://example.com/               | scheme",
        "file:///etc/passwd               | scheme",
        "gopher://example.com/            | scheme",
        "javascript:alert(1)              | scheme",
        "http://user:pass@example.com/    | userinfo",
        "https://user@8.8.8.8/            | userinfo",
        "http:///nohost                   | host",
        "http://8.8.8.8/                  | ok",
        "https://1.1.1.1:8443/hook        | ok",
        "http://[2606:4700:4700::1111]/   | ok",
        "http://172.32.0.1/               | ok",
        "http://100.128.0.1/              | ok",
        "http://192.169.0.1/              | ok",
        "http://[::ffff:8.8.8.8]/         | ok",
    })
    void addressTable(String url, String expected) {
        if (expected.equals("ok")) {
            assertDoesNotThrow(() -> guard.checkUrlSyntax(url));
            return;
        }
        SsrfBlockedException e = assertThrows(SsrfBlockedException.class, () -> guard.checkUrlSyntax(url));
        assertTrue(e.rule().contains(expected), () -> "rule " + e.rule() + " for " + url);
        assertTrue(e.getMessage().startsWith("URL refused"), e::getMessage);
    }

    @Test
    void unicodeHostsAreRefusedNamingTheHostAsWritten() {
        for (String host : List.of("\u0661\u0662\u0667.\u0660.\u0660.\u0661", "\uff11\uff12\uff17.0.0.1", "b\u00fccher.example")) {
            SsrfBlockedException e = assertThrows(SsrfBlockedException.class, () -> guard.checkUrl("http://" + host + "/hook"));
            assertTrue(e.getMessage().contains("'" + host + "'"), e.getMessage());
            assertTrue(!e.getMessage().contains("null"), e.getMessage());
        }
    }

    @Test
    void aHostJavaCannotParseIsNeverLookedUpAsNull() {
        // java.net.URI has no host for "my_host"; a null look-up would answer loopback
        SsrfBlockedException e = assertThrows(SsrfBlockedException.class, () -> guard.checkUrl("http://my_host.invalid/x"));
        assertTrue(e.getMessage().contains("'my_host.invalid'"), e.getMessage());
    }

    @Test
    void messageNamesTheRuleAndTheSetting() {
        SsrfBlockedException e = assertThrows(SsrfBlockedException.class, () -> guard.checkUrlSyntax("http://10.1.2.3/"));
        assertEquals("URL refused: host '10.1.2.3' resolves to 10.1.2.3, which is in 10.0.0.0/8 (private network);"
                + " an operator can allow it with HERALD_WEBHOOK_ALLOW_SUBNETS", e.getMessage());
    }

    @Test
    void allowListOpensASubnetButNeverMetadata() {
        SsrfGuard allowing = new SsrfGuard(List.of("127.0.0.0/8", "10.1.0.0/16"));
        assertDoesNotThrow(() -> allowing.checkUrlSyntax("http://127.0.0.1:9999/"));
        assertDoesNotThrow(() -> allowing.checkUrlSyntax("http://10.1.2.3/"));
        assertThrows(SsrfBlockedException.class, () -> allowing.checkUrlSyntax("http://10.2.0.1/"));
        assertThrows(SsrfBlockedException.class, () -> allowing.checkUrlSyntax("http://169.254.169.254/"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SsrfGuard(List.of("169.254.0.0/16")));
        assertTrue(e.getMessage().contains("HERALD_WEBHOOK_ALLOW_SUBNETS"));
        assertThrows(IllegalArgumentException.class, () -> new SsrfGuard(List.of("0.0.0.0/0")));
        assertThrows(IllegalArgumentException.class, () -> new SsrfGuard(List.of("not-a-subnet")));
    }

    @Test
    void resolverRefusesNamesResolvingToPrivateAddresses() throws Exception {
        Map<String, String> table = Map.of("rebind.example", "10.0.0.5", "metadata.example", "169.254.169.254",
                "mixed.example", "8.8.8.8", "public.example", "93.184.216.34", "v6.example", "fd00::1");
        DnsResolver fake = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                String ip = table.get(host);
                if (ip == null) {
                    throw new UnknownHostException(host);
                }
                if (host.equals("mixed.example")) {
                    return new InetAddress[] {InetAddress.getByName(ip), InetAddress.getByName("192.168.0.10")};
                }
                return new InetAddress[] {InetAddress.getByName(ip)};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        GuardedDnsResolver r = new GuardedDnsResolver(guard, fake);
        assertTrue(assertThrows(SsrfBlockedException.class, () -> r.resolve("rebind.example")).rule().contains("10.0.0.0/8"));
        assertTrue(assertThrows(SsrfBlockedException.class, () -> r.resolve("metadata.example")).rule().contains("169.254"));
        assertTrue(assertThrows(SsrfBlockedException.class, () -> r.resolve("mixed.example")).rule().contains("192.168"));
        assertTrue(assertThrows(SsrfBlockedException.class, () -> r.resolve("v6.example")).rule().contains("fc00::/7"));
        assertEquals(1, r.resolve("public.example").length);
        assertThrows(UnknownHostException.class, () -> r.resolve("nx.example"));
    }
}

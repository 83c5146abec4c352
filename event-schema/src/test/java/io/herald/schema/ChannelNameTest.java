package io.herald.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel-name syntax and the built-in namespace table. */
class ChannelNameTest {

    /** name | namespace (or "-" for a valid name outside the table) | owner | resource. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "exports:0b6a9f3e-4c1d-4e8a-9b7f-2d3c4e5f6a7b | EXPORTS | 0b6a9f3e-4c1d-4e8a-9b7f-2d3c4e5f6a7b | -",
        "export.b4219d47-3138-5efd-9762-2ef9f9495084.job | EXPORT_JOB | b4219d47-3138-5efd-9762-2ef9f9495084 | b4219d47-3138-5efd-9762-2ef9f9495084",
        "webhooks:u1 | WEBHOOKS | u1 | -",
        "user:u1 | USER | u1 | -",
        "user_notifications_channel:u1 | USER_NOTIFICATIONS | u1 | -",
        "user_dashboard_channel:u1 | USER_DASHBOARD | u1 | -",
        "notifications:u1 | NOTIFICATIONS | u1 | -",
        "workbook:acme:550e8400-e29b-41d4-a716-446655440000 | WORKBOOK | acme | 550e8400-e29b-41d4-a716-446655440000",
        "workbook:acme.eu:wb_1 | WORKBOOK | acme.eu | wb_1",
        "job:job_xyz789 | JOB | job_xyz789 | job_xyz789",
        "job:123 | JOB | 123 | 123",
        "order_changes@acme | ORDER_CHANGES | acme | -",
        "product_changes@acme | PRODUCT_CHANGES | acme | -",
        "customer_changes@t-1 | CUSTOMER_CHANGES | t-1 | -",
        "shipment_changes@acme.com | SHIPMENT_CHANGES | acme.com | -",
        "transaction_changes@42 | TRANSACTION_CHANGES | 42 | -",
        // syntactically valid, outside the table: no namespace
        "order_changes | - | - | -",
        "exports: | - | - | -",
        "exports:a:b | - | - | -",
        "job: | - | - | -",
        "job:a:b | - | - | -",
        "workbook:acme | - | - | -",
        "workbook::wb | - | - | -",
        "workbook:acme:wb:extra | - | - | -",
        "export.x.y.job | - | - | -",
        "export.job | - | - | -",
        "order_changes@ | - | - | -",
        "order_changes@a@b | - | - | -",
        "chat.room-1 | - | - | -",
        "a | - | - | -",
        "EXPORTS:u1 | - | - | -",
        "@:-_.x | - | - | -",
    })
    void validNames(String raw, String namespace, String owner, String resource) {
        assertTrue(ChannelName.isValid(raw));
        ChannelName c = ChannelName.parse(raw);
        assertEquals(raw, c.value());
        assertEquals(raw, c.toString());
        assertEquals(Optional.ofNullable(namespace).map(ChannelNamespace::valueOf), c.namespace());
        assertEquals(Optional.ofNullable(owner), c.owner());
        assertEquals(Optional.ofNullable(resource), c.resourceId());
    }

    /** name | a phrase the error message must contain. */
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "'' | must not be empty",
        "exports:u 1 | whitespace",
        "' exports:u1' | whitespace",
        "'exports:u1 ' | whitespace",
        "'exports:u1\t' | whitespace",
        "'exports:u1\n' | whitespace",
        "job:* | wildcard '*'",
        "job:> | wildcard '>'",
        "orders.* | wildcard '*'",
        "a..b | empty '.'-separated token",
        ".a | empty '.'-separated token",
        "a. | ends with '.'",
        ". | empty '.'-separated token",
        "exports:u1/x | the character '/'",
        "exports:ü | U+00FC",
        "a#b | the character '#'",
        "a,b | the character ','",
        "\"quoted\" | the character '\"'",
        "a$b | the character '$'",
    })
    void invalidNames(String raw, String phrase) {
        assertFalse(ChannelName.isValid(raw));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelName.parse(raw));
        assertTrue(e.getMessage().contains(phrase), e.getMessage());
    }

    @Test
    void lengthLimitIs255() {
        String ok = "job:" + "x".repeat(251);
        assertEquals(255, ok.length());
        assertEquals(Optional.of(ChannelNamespace.JOB), ChannelName.parse(ok).namespace());
        String tooLong = ok + "x";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelName.parse(tooLong));
        assertTrue(e.getMessage().contains("256 characters long; at most 255"), e.getMessage());
    }

    @Test
    void nullIsRejected() {
        assertFalse(ChannelName.isValid(null));
        assertThrows(IllegalArgumentException.class, () -> ChannelName.parse(null));
    }

    @Test
    void valueSemantics() {
        assertEquals(ChannelName.parse("job:1"), ChannelName.parse("job:" + "1"));
        assertEquals(ChannelName.parse("job:1").hashCode(), ChannelName.parse("job:1").hashCode());
        assertNotEquals(ChannelName.parse("job:1"), ChannelName.parse("job:2"));
    }

    @Test
    void factories() {
        assertEquals("exports:u1", ChannelName.personal(ChannelNamespace.EXPORTS, "u1").value());
        assertEquals("user_dashboard_channel:u1", ChannelName.personal(ChannelNamespace.USER_DASHBOARD, "u1").value());
        assertEquals("order_changes@acme", ChannelName.tenantChannel(ChannelNamespace.ORDER_CHANGES, "acme").value());
        assertEquals("workbook:acme:wb1", ChannelName.workbook("acme", "wb1").value());
        assertEquals("job:j1", ChannelName.job("j1").value());
        assertEquals("export.g1.job", ChannelName.exportJob("g1").value());
        for (ChannelNamespace ns : ChannelNamespace.values()) {
            assertTrue(ChannelName.parse(TestSupport.channel(ns)).namespace().filter(ns::equals).isPresent(), ns.toString());
        }
    }

    @Test
    void factoriesRejectWrongNamespacesAndBadIds() {
        assertThrows(IllegalArgumentException.class, () -> ChannelName.personal(ChannelNamespace.JOB, "u1"));
        assertThrows(IllegalArgumentException.class, () -> ChannelName.personal(ChannelNamespace.EXPORTS, "u:1"));
        assertThrows(IllegalArgumentException.class, () -> ChannelName.personal(ChannelNamespace.EXPORTS, ""));
        assertThrows(IllegalArgumentException.class, () -> ChannelName.personal(ChannelNamespace.EXPORTS, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ChannelName.tenantChannel(ChannelNamespace.WORKBOOK, "acme"));
        assertTrue(e.getMessage().contains("ChannelName.workbook"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelName.tenantChannel(ChannelNamespace.USER, "acme"));
        assertThrows(IllegalArgumentException.class, () -> ChannelName.tenantChannel(ChannelNamespace.ORDER_CHANGES, "a@b"));
        assertThrows(IllegalArgumentException.class, () -> ChannelName.job("*"));
        assertThrows(IllegalArgumentException.class, () -> ChannelName.exportJob("a.b"));
        assertThrows(IllegalArgumentException.class, () -> ChannelName.workbook("acme", "w:1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"order_changes", "product_changes", "customer_changes", "shipment_changes", "transaction_changes"})
    void shortTenantNames(String raw) {
        ChannelNamespace ns = ChannelName.shortTenantName(raw).orElseThrow();
        assertEquals(Optional.of(raw), ns.shortName());
        assertTrue(ns.tenantScoped());
        assertEquals(raw + "@t1", ChannelName.tenantChannel(ns, "t1").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"order_changes@acme", "orders", "exports", "workbook", ""})
    void notShortTenantNames(String raw) {
        assertEquals(Optional.empty(), ChannelName.shortTenantName(raw));
    }

    @Test
    void accessKindsPartitionTheNamespaces() {
        for (ChannelNamespace ns : ChannelNamespace.values()) {
            int kinds = (ns.personal() ? 1 : 0) + (ns.tenantScoped() ? 1 : 0) + (ns.granted() ? 1 : 0);
            assertEquals(1, kinds, ns.toString());
        }
        assertTrue(ChannelNamespace.JOB.granted());
        assertTrue(ChannelNamespace.EXPORT_JOB.granted());
        assertTrue(ChannelNamespace.WORKBOOK.tenantScoped());
        assertTrue(ChannelNamespace.NOTIFICATIONS.personal());
        assertEquals(Optional.empty(), ChannelNamespace.WORKBOOK.shortName());
    }
}

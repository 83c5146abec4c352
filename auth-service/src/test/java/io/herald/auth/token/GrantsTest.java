package io.herald.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrantsTest {

    @Test
    void acceptsChannelsAndTrailingStarPatterns() {
        for (String grant : List.of("job:123", "export.abc.job", "order_changes@acme", "workbook:acme:7", "job:*",
            "export.*", "user:8f0e2d7c-3b55-4c4f-9a55-1b1d9f8f7f11")) {
            assertTrue(Grants.isValid(grant), grant);
        }
    }

    @Test
    void refusesInvalidGrants() {
        for (String grant : List.of("", "*", "**", "job:**", "job*:1", "a b", "a..b", ".a", "a.", "job>", "a\tb",
            "x".repeat(256), "*job")) {
            assertFalse(Grants.isValid(grant), grant);
        }
    }

    @Test
    void limitsTheNumberOfGrants() {
        assertEquals(Optional.empty(), Grants.validate(List.of("a", "b"), 2));
        assertTrue(Grants.validate(List.of("a", "b", "c"), 2).isPresent());
        assertTrue(Grants.validate(List.of("a", "bad channel"), 5).orElseThrow().contains("channels[1]"));
    }

    static final String A = "11111111-1111-4111-8111-111111111111";
    static final String B = "22222222-2222-4222-8222-222222222222";

    @Test
    void patternsNeverReachPersonalOrTenantNamespaces() {
        for (String grant : List.of("e*", "exports:*", "exports:" + B.substring(0, 4) + "*", "w*", "u*",
                "order_changes@other*", "order_*", "o*", "workbook:acme:*", "n*", "user:*")) {
            assertTrue(Grants.scope(List.of("job:1", grant), A, "acme").orElseThrow().startsWith("channels[1] could match"),
                grant);
        }
        for (String grant : List.of("job:*", "j*", "job:batch-*", "export.*", "export.g1.*", "reports:*")) {
            assertEquals(Optional.empty(), Grants.scope(List.of(grant), A, "acme"), grant);
        }
    }

    @Test
    void exactNamesMayNotNameAnotherUserOrTenant() {
        assertTrue(Grants.scope(List.of("exports:" + B), A, "acme").orElseThrow().contains("another user"));
        assertTrue(Grants.scope(List.of("order_changes@other"), A, "acme").orElseThrow().contains("another tenant"));
        assertTrue(Grants.scope(List.of("workbook:other:w1"), A, "acme").orElseThrow().contains("another tenant"));
        assertEquals(Optional.empty(), Grants.scope(List.of("exports:" + A, "order_changes@acme", "job:7"), A, "acme"));
    }
}

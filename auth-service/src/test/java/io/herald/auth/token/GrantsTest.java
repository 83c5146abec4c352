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
}

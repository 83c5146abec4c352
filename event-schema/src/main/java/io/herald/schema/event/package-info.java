/**
 * Java records for the three event families of DESIGN §2, serialisable with Micronaut Serde (no reflection).
 * They mirror the schema files under {@code schemas/events/} (a contract test serialises every record and
 * validates it); open objects ({@code details}, {@code payload}, {@code data}) are maps so that fields the
 * products add survive a round trip. Start with {@link io.herald.schema.event.ExportEvent}.
 */
package io.herald.schema.event;

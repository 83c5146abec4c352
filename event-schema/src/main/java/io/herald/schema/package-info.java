/**
 * Herald's event contract: JSON Schema files under {@code schemas/} are the single source of truth;
 * start with {@link io.herald.schema.EventContract}.
 */
package io.herald.schema;

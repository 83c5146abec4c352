/**
 * What the platform runs in-process instead of external infrastructure: {@link io.herald.platform.embedded.EmbeddedDatabase}
 * (a PostgreSQL 14 child process with its data under the state directory, which never outlives the platform) and
 * {@link io.herald.platform.embedded.StateDirectory} (keys generated on first start and kept there).
 */
package io.herald.platform.embedded;

/**
 * Secrets at rest: {@link io.herald.support.crypto.AesGcmCipher} (AES-256-GCM under a configured key).
 */
package io.herald.support.crypto;

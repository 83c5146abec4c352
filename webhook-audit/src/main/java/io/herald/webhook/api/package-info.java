/**
 * HTTP API plumbing shared by the controllers (problem+json errors).
 */
package io.herald.webhook.api;

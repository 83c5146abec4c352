/**
 * The server HTTP API (publish and broadcast with a server API key).
 */
package io.herald.realtime.api;

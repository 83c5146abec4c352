/**
 * Keys from configuration (server and admin API keys): {@link io.herald.support.apikey.ConfiguredKeys} parses them,
 * finds the one a request presents and compares in constant time.
 */
package io.herald.support.apikey;

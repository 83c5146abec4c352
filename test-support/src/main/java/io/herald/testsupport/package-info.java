/**
 * Integration-test infrastructure shared by every module (test scope only): {@link io.herald.testsupport.TestNats}
 * and {@link io.herald.testsupport.TestPostgres} give each test class a fresh JetStream stream and subject prefix or a
 * fresh database on a container or the local services; {@link io.herald.testsupport.NatsServerProcess} runs a NATS
 * server a test may kill and start again.
 */
package io.herald.testsupport;

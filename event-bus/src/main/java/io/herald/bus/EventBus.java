package io.herald.bus;

import io.herald.schema.ChannelName;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The event log Herald fans out from: publish events to channels, receive every new event, read a channel's history.
 *
 * <p>Guarantees every implementation gives (checked by the abstract contract test):
 * offsets are strictly increasing within a channel; {@link #subscribeAll} delivers events of one channel in offset
 * order on one thread at a time; {@link #history} returns exactly the stored events of that channel after an offset;
 * publishing with the same message id twice within the de-duplication window stores the event once; a message given to
 * a {@link #consume durable consumer} and not acknowledged within its ack wait is delivered again.
 *
 * <p>Besides events, the bus carries small <em>control commands</em> ({@link #broadcast}, {@link #subscribeControl}):
 * instructions to every instance, such as "close this user's connections", that are not channel events and never
 * reach clients.
 *
 * <p>Implementations: {@link NatsEventBus} (JetStream) and {@link InMemoryEventBus} (one process, same semantics).
 */
public interface EventBus extends AutoCloseable {

    /**
     * Publishes one event.
     *
     * @param channel   the full channel name
     * @param json      the event JSON (UTF-8)
     * @param messageId de-duplication id, or null
     * @return the stored offset; fails when the bus is unavailable
     */
    CompletableFuture<PublishResult> publish(String channel, byte[] json, String messageId);

    /**
     * A rehearsal of {@link #publish}: the same path through the client as far as the bus allows, a real round trip
     * where there is one, but the event is stored nowhere and delivered to no one. An instance sends these to itself
     * at start-up so that the JIT compiles the publish path before the instance reports ready.
     *
     * @param channel the full channel name
     * @param json    the event JSON (UTF-8)
     * @return a result whose offset refers to nothing; fails as {@link #publish} would (bus unavailable, bad channel)
     */
    default CompletableFuture<PublishResult> rehearse(String channel, byte[] json) {
        try {
            ChannelName.parse(channel);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(new PublishResult(channel, 0, false));
    }

    /**
     * Receives every event published after this call returns (once the bus is ready), on every channel; each
     * instance gets all of them.
     * The handler is called from one thread at a time, in stream order.
     *
     * @param handler receives events; must not block for long
     * @return closes the subscription
     */
    AutoCloseable subscribeAll(Consumer<BusEvent> handler);

    /**
     * Consumes every channel at least once through a named durable consumer shared by all instances that use the same
     * name: each stored event published after the consumer was first created is handed to one of them, and handed
     * again (with a higher {@link DurableEvent#deliveryCount()}) until it is {@link DurableEvent#ack() acknowledged}.
     * The consumer's position survives this handle, a restart of the service and (for JetStream) of the server.
     * The handler is called from one thread at a time, in stream order (redeliveries may come later than newer
     * events); it may acknowledge on another thread.
     *
     * @param subscription the durable consumer's name and limits
     * @param handler      receives the events
     * @return stops consuming (unacknowledged events are delivered again later, to this or another consumer)
     */
    AutoCloseable consume(DurableSubscription subscription, Consumer<DurableEvent> handler);

    /**
     * Reads a channel's stored events after an offset. Blocking; call it off the event loop.
     *
     * @param channel  the full channel name
     * @param since    return events with an offset greater than this (0: from the oldest stored)
     * @param maxCount at most this many events; more makes the result incomplete
     * @return the events, whether they are complete, the epoch and the channel's latest offset
     */
    History history(String channel, long since, int maxCount);

    /**
     * Reads stored events of every channel after an offset, in stream order (a time range is
     * {@code read(offsetAt(from) - 1, n)} up to the first event at or after its end). Blocking; call it off the event
     * loop.
     *
     * @param since    return events with an offset greater than this
     * @param maxCount at most this many events
     * @return the events, oldest first
     */
    List<BusEvent> read(long since, int maxCount);

    /**
     * Finds where a stream time begins, for the throttle warm-up of a recovery (a replay must see the events before
     * the client's offset that shape the throttle windows). Blocking; call it off the event loop.
     *
     * @param timestampMillis a stream time, epoch milliseconds
     * @return the offset of the first stored event (of any channel) at or after that time; when every stored event is
     *     older, an offset greater than all of them
     */
    long offsetAt(long timestampMillis);

    /**
     * @return the current epoch: changes whenever the stored log is reset, so offsets from another epoch are meaningless
     */
    String epoch();

    /**
     * Broadcasts a control command to every instance subscribed to its topic ({@link #subscribeControl}): unlike
     * {@link #consume}, every subscriber receives it. Commands are stored with the stream (and expire with its max
     * age), so an instance that subscribes later still receives those within its lookback.
     *
     * @param topic   the topic: 1 to 64 letters, digits, {@code _} and {@code -}
     * @param payload the command (small; the bus does not read it)
     * @return completes once the command is stored; fails with {@link BusUnavailableException} when the bus is
     *     unavailable, or {@link IllegalArgumentException} for a bad topic
     */
    default CompletableFuture<Void> broadcast(String topic, byte[] payload) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
            getClass().getSimpleName() + " does not carry control commands"));
    }

    /**
     * Receives the control commands of a topic: first those stored within the lookback (oldest first), then every
     * new one as it is broadcast, on one thread at a time, in order. A handler must tolerate receiving a command
     * again (after NATS reconnects the replay may overlap what it saw).
     *
     * @param topic    the topic
     * @param lookback how far back stored commands are replayed at subscribe time ({@link Duration#ZERO}: only new
     *                 ones); capped by the stream's max age
     * @param handler  receives the commands; must not block for long
     * @return closes the subscription
     * @throws IllegalArgumentException for a bad topic or a negative lookback
     */
    default AutoCloseable subscribeControl(String topic, Duration lookback, Consumer<ControlMessage> handler) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not carry control commands");
    }

    /** @return true when the bus is connected and can publish and deliver */
    boolean ready();

    /**
     * Sets an event aside that must never be delivered (invalid, or given up after too many deliveries): to the
     * dead-letter subject of its channel (fire and forget, not stored in the stream), counted in
     * {@link #deadLetterCount()}.
     *
     * @param channel the channel the event was published to
     * @param json    the event as received
     * @param errors  the validation errors, as a JSON array
     */
    void deadLetter(String channel, byte[] json, String errors);

    /** @return events dead-lettered by this bus instance since it started */
    long deadLetterCount();

    @Override
    void close();
}

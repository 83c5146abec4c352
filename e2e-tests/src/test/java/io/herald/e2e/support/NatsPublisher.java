package io.herald.e2e.support;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;

/**
 * An application backend publishing events the documented way: one JetStream message per event
 * on {@code <prefix>.ch.<channel>}, body = the event JSON. The publish ack's stream sequence is the offset
 * clients must see.
 */
public final class NatsPublisher implements AutoCloseable {

    private final Platform platform;
    private final Connection connection;
    private final JetStream jetStream;

    public NatsPublisher(Platform platform) {
        this.platform = platform;
        try {
            this.connection = Nats.connect(platform.natsUrl());
            this.jetStream = connection.jetStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Publishes {@code event} to {@code channel} and returns its stream sequence (the channel offset). */
    public long publish(String channel, Object event) {
        try {
            PublishAck ack = jetStream.publish(platform.subject(channel), Json.write(event).getBytes(StandardCharsets.UTF_8));
            if (!platform.stream().equals(ack.getStream())) {
                throw new AssertionError("published into stream " + ack.getStream() + ", expected " + platform.stream());
            }
            return ack.getSeqno();
        } catch (IOException e) {
            throw new UncheckedIOException("publish to " + channel + " failed (is the stream " + platform.stream() + " there?)", e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stream timestamp of the message at {@code offset} (what throttling decisions are based on). */
    public ZonedDateTime streamTime(long offset) {
        try {
            MessageInfo info = connection.jetStreamManagement().getMessage(platform.stream(), offset);
            return info.getTime();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.herald.realtime.transport.centrifugo;

import io.herald.realtime.client.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** A transport that records frames (as text) and the close; commands run on the calling thread. */
final class RecordingConnection implements Transport {

    final List<String> frames = new ArrayList<>();
    final List<byte[]> byteFrames = new ArrayList<>();
    Integer closeCode;
    String closeReason;

    @Override
    public String id() {
        return "recording";
    }

    @Override
    public synchronized boolean offer(byte[] utf8) {
        if (closeCode != null) {
            throw new AssertionError("send after close");
        }
        byteFrames.add(utf8);
        frames.add(new String(utf8, StandardCharsets.UTF_8));
        return true;
    }

    @Override
    public synchronized void close(int code, String reason, boolean discard) {
        if (closeCode != null) {
            throw new AssertionError("closed twice");
        }
        closeCode = code;
        closeReason = reason;
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }

    @Override
    public CompletionStage<Void> closed() {
        return CompletableFuture.completedFuture(null);
    }

    synchronized List<String> take() {
        List<String> copy = List.copyOf(frames);
        frames.clear();
        return copy;
    }

    synchronized String last() {
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }
}

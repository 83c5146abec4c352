package io.herald.realtime.transport.centrifugo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records frames and the close; frames sent as bytes are recorded as text. */
final class RecordingConnection implements CentrifugoConnection {

    final List<String> frames = new ArrayList<>();
    final List<byte[]> byteFrames = new ArrayList<>();
    Integer closeCode;
    String closeReason;

    @Override
    public synchronized void send(String text) {
        if (closeCode != null) {
            throw new AssertionError("send after close: " + text);
        }
        frames.add(text);
    }

    @Override
    public synchronized void send(byte[] utf8) {
        if (closeCode != null) {
            throw new AssertionError("send after close");
        }
        byteFrames.add(utf8);
        frames.add(new String(utf8, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void close(int code, String reason) {
        if (closeCode != null) {
            throw new AssertionError("closed twice");
        }
        closeCode = code;
        closeReason = reason;
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

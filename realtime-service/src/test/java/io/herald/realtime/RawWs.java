package io.herald.realtime;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A byte-level WebSocket client over a plain socket, for what the JDK client cannot do: choose the
 * {@code Sec-WebSocket-Key}, send invalid UTF-8 in a text frame, and observe the server's side of the close handshake.
 */
public final class RawWs implements AutoCloseable {

    /** One frame read from the server. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** @return the close code of a close frame, or 1005 when it carries none */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        public boolean isClose() {
            return opcode == 8;
        }
    }

    public static final String DEFAULT_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWs(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a WebSocket to {@code url} (ws://host:port/path?query) with the given key; fails unless the answer is 101. */
    public static RawWs connect(String url, String key) throws IOException {
        URI uri = URI.create(url);
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(20_000);
        RawWs ws = new RawWs(socket);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = ws.in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
        return ws;
    }

    public void sendText(String text) throws IOException {
        send(1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a frame with any opcode and payload (masked, as a client must). */
    public synchronized void send(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends a close frame with the code. */
    public void sendClose(int code) throws IOException {
        send(8, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /** @return the next frame, or null when the server closed the TCP connection (or nothing came within 20 s) */
    public Frame read() throws IOException {
        try {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(b0 & 0x0f, payload);
        } catch (SocketTimeoutException | EOFException e) {
            return null;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("reset")) {
                return null;
            }
            throw e;
        }
    }

    /** Reads frames until one contains {@code part} (text) and returns it; fails on close or timeout. */
    public Frame readContaining(String part) throws IOException {
        while (true) {
            Frame frame = read();
            if (frame == null || frame.isClose()) {
                throw new AssertionError("no frame containing " + part + " (got " + (frame == null ? "EOF" : "close "
                    + frame.closeCode()) + ")");
            }
            if (frame.opcode() == 1 && frame.text().contains(part)) {
                return frame;
            }
        }
    }

    /** Reads until a close frame and returns its code; -1 when the TCP connection ended without one (1006). */
    public int readCloseCode() throws IOException {
        while (true) {
            Frame frame = read();
            if (frame == null) {
                return -1;
            }
            if (frame.isClose()) {
                return frame.closeCode();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

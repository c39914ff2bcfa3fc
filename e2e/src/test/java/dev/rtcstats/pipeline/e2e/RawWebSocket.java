package dev.rtcstats.pipeline.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An RFC 6455 client that does what browsers refuse to: invalid UTF-8, frames after its own close, any close code,
 * never answering the server's close. Every write goes straight to the socket.
 */
final class RawWebSocket implements AutoCloseable {
    static final String PROTOCOL = "rtcstats#5.0";
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Thrown when the gateway answers the upgrade with anything but 101, or hangs up during it. */
    static final class UpgradeRefused extends IOException {
        UpgradeRefused(String head) {
            super("upgrade refused: " + head.lines().findFirst().orElse("(connection closed)"));
        }
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and upgrades {@code path} (with its query string) with the rtcStats subprotocol. */
    static RawWebSocket connect(int port, String path) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        RawWebSocket client = new RawWebSocket(socket);
        try {
            client.upgrade(path);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return client;
    }

    private void upgrade(String path) throws IOException {
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Protocol: " + PROTOCOL + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new UpgradeRefused(head.toString(StandardCharsets.US_ASCII));
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            throw new UpgradeRefused(head.toString(StandardCharsets.US_ASCII));
        }
    }

    void sendText(String payload) throws IOException {
        send(TEXT, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** One text frame carrying {@code payload} as it is, UTF-8 or not. */
    void sendText(byte[] payload) throws IOException {
        send(TEXT, payload);
    }

    void sendBinary(byte[] payload) throws IOException {
        send(BINARY, payload);
    }

    /** A close frame with any 16-bit code, valid or not. */
    void sendClose(int code) throws IOException {
        send(CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
    }

    private void send(int opcode, byte[] payload) throws IOException {
        byte[] mask = {1, 2, 3, 4};
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        frame.write(mask, 0, mask.length);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        frame.writeTo(out);
        out.flush();
    }

    /**
     * Reads until the server's close frame and returns its status code; -1 when the server cut the connection without
     * one (or it stayed silent for 15 s).
     */
    int readCloseCode() {
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return -1;
                }
                int length = in.read() & 0x7F;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    long big = 0;
                    for (int i = 0; i < 8; i++) {
                        big = (big << 8) | in.read();
                    }
                    length = (int) big;
                }
                byte[] body = in.readNBytes(length);
                if ((first & 0x0F) == CLOSE) {
                    return body.length < 2 ? 1005 : ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                }
            }
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.rtcstats.pipeline.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A minimal RFC 6455 client that can send bytes the JDK client refuses to, such as invalid UTF-8 text. */
final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawWebSocket(int port, String path) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Protocol: rtcstats#5.0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during handshake: " + head);
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
    }

    /** Sends one masked text frame (payload under 126 bytes) carrying {@code payload} as is. */
    void sendText(byte[] payload) throws IOException {
        byte[] mask = {1, 2, 3, 4};
        out.write(0x81);
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /** Reads frames until a close frame and returns its status code. */
    int readCloseCode() throws IOException {
        while (true) {
            int opcode = in.read() & 0x0F;
            int length = in.read() & 0x7F;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            }
            byte[] body = in.readNBytes(length);
            if (opcode == 0x8) {
                return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.rtcstats.pipeline.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/** The {@link Attacker}'s dump uploads: multipart bodies sent whole, chunked, or cut short. */
final class HostileUploads {
    private static final String BOUNDARY = "b0undary";
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final int CHUNK_BYTES = 64 * 1024;

    private final int port;
    private final HttpClient http;
    private final UnaryOperator<String> uploadPaths;

    /** {@code uploadPaths} gives the upload path, with the case's token, of a case id. */
    HostileUploads(int port, HttpClient http, UnaryOperator<String> uploadPaths) {
        this.port = port;
        this.http = http;
        this.uploadPaths = uploadPaths;
    }

    /** Uploads {@code content} as the multipart part; the answer's status, -1 if none could be read. */
    int upload(String caseId, byte[] content, boolean chunked) throws Exception {
        byte[] body = multipart(content);
        if (chunked) {
            return chunkedUpload(caseId, body);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uploadPath(caseId)))
                .timeout(HTTP_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            // The gateway answered and closed while the body was still coming: the reset may swallow its answer.
            return -1;
        }
    }

    /**
     * An HTTP/1.1 upload without a Content-Length, in chunks of 64 KiB written while the answer is awaited; the
     * status of the answer, -1 if none came.
     */
    private int chunkedUpload(String caseId, byte[] body) throws Exception {
        try (ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();
                Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) HTTP_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + uploadPath(caseId) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            + "multipart/form-data; boundary=" + BOUNDARY + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            writer.submit(() -> {
                for (int from = 0; from < body.length; from += CHUNK_BYTES) {
                    int length = Math.min(CHUNK_BYTES, body.length - from);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, from, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return null;
            });
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.1 ") ? Integer.parseInt(status.substring(9, 12)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    void truncated(String caseId, int announced, String content) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + uploadPath(caseId) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            + "multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: " + announced
                            + "\r\n\r\n--" + BOUNDARY + "\r\n\r\n" + content)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private String uploadPath(String caseId) {
        return uploadPaths.apply(caseId);
    }

    private static byte[] multipart(byte[] content) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return body;
    }
}

package dev.rtcstats.pipeline.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rtcstats.pipeline.common.DumpFormat;
import dev.rtcstats.pipeline.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads an uploaded {@code multipart/form-data} dump as the reference reads it, one line at a time, into an
 * {@link UploadSpool}: the first part must start with {@code RTCStatsDump}, then a JSON object line (the client's
 * metadata), then one message per non-empty line up to the next boundary. Every message is held to the WebSocket
 * limits (size, count, UTF-8, the non-JSON policy); the first breach refuses the whole upload and is dead-lettered.
 */
final class UploadParser {
    /** The largest metadata line accepted: the reference's is a few hundred bytes. */
    static final int MAX_METADATA_BYTES = 64 * 1024;

    /** What the upload turned out to be. */
    sealed interface Result {
        /** Every message is in the spool. */
        record Spooled(ObjectNode clientMetadata) implements Result {}

        /** A well-formed dump without messages (422, like the reference). */
        record Empty() implements Result {}

        /** Refused with {@code status} and {@code message} (the response text). */
        record Refused(int status, String message, RejectReason reason) implements Result {}
    }

    /** Where refused lines go as evidence. */
    interface Evidence {
        /** {@code sequence} is 0 for the metadata line, else the message's number. */
        void deadLetter(GatewayDeadLetterReason reason, byte[] value, long sequence);
    }

    private static final byte[] HEADER = DumpFormat.HEADER.getBytes(StandardCharsets.US_ASCII);

    private final Limits limits;
    private final byte[] delimiter;
    private final byte[] closeDelimiter;
    private final LineReader lines;
    private final UploadSpool spool;
    private final Evidence evidence;
    private byte[] metadataLine = new byte[0];
    private long sequence;
    private boolean inBody;

    UploadParser(Limits limits, String boundary, UploadBody body, UploadSpool spool, Evidence evidence) {
        this.limits = limits;
        this.delimiter = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
        this.closeDelimiter = ("--" + boundary + "--").getBytes(StandardCharsets.UTF_8);
        this.lines = new LineReader(body, Math.max(limits.maxFrameBytes(), MAX_METADATA_BYTES));
        this.spool = spool;
        this.evidence = evidence;
    }

    Result parse() throws IOException {
        try {
            return read();
        } catch (LineReader.LineTooLong e) {
            if (!inBody) {
                return badMetadata(lines.copy());
            }
            evidence.deadLetter(GatewayDeadLetterReason.UPLOAD_FRAME_TOO_BIG, lines.copy(), sequence + 1);
            return new Result.Refused(
                    413, "Payload Too Large: a message is larger than the limit", RejectReason.UPLOAD_TOO_BIG);
        } catch (UploadBody.TooLarge e) {
            evidence.deadLetter(GatewayDeadLetterReason.UPLOAD_TOO_BIG, metadataLine, 0);
            return new Result.Refused(413, "Payload Too Large", RejectReason.UPLOAD_TOO_BIG);
        } catch (UploadBody.Broken e) {
            evidence.deadLetter(GatewayDeadLetterReason.UPLOAD_INCOMPLETE, metadataLine, 0);
            return new Result.Refused(400, "Bad Request: Incomplete multipart data", RejectReason.UPLOAD_INVALID);
        } catch (UploadBody.TimedOut e) {
            evidence.deadLetter(GatewayDeadLetterReason.UPLOAD_INCOMPLETE, metadataLine, 0);
            return new Result.Refused(408, "Request Timeout", RejectReason.UPLOAD_TIMEOUT);
        }
    }

    private Result read() throws IOException {
        do {
            if (!lines.next()) {
                return new Result.Refused(400, "Bad Request: Incomplete multipart data", RejectReason.UPLOAD_INVALID);
            }
        } while (!lines.is(delimiter));
        do {
            if (!lines.next()) {
                return new Result.Refused(400, "Bad Request: Incomplete multipart data", RejectReason.UPLOAD_INVALID);
            }
        } while (lines.length() > 0);
        if (!lines.next() || !lines.is(HEADER)) {
            return badMetadata(lines.copy());
        }
        if (!lines.next()) {
            return badMetadata(new byte[0]);
        }
        metadataLine = lines.copy();
        ObjectNode metadata = metadataLine.length > MAX_METADATA_BYTES ? null : metadata(metadataLine);
        if (metadata == null) {
            return badMetadata(metadataLine);
        }
        inBody = true;
        while (lines.next()) {
            if (lines.is(delimiter) || lines.is(closeDelimiter)) {
                return spool.frames() == 0 ? new Result.Empty() : new Result.Spooled(metadata);
            }
            if (lines.length() > 0) {
                Result refused = message();
                if (refused != null) {
                    return refused;
                }
            }
        }
        evidence.deadLetter(GatewayDeadLetterReason.UPLOAD_INCOMPLETE, metadataLine, 0);
        return new Result.Refused(400, "Bad Request: Incomplete multipart data", RejectReason.UPLOAD_INVALID);
    }

    /** Checks and spools one message; the refusal when it breaks a limit, else null. */
    private Result message() throws IOException {
        byte[] line = lines.line();
        int length = lines.length();
        if (length > limits.maxFrameBytes()) {
            throw new LineReader.LineTooLong(limits.maxFrameBytes());
        }
        if (sequence >= limits.maxFramesPerConnection()) {
            evidence.deadLetter(GatewayDeadLetterReason.UPLOAD_TOO_MANY_FRAMES, lines.copy(), sequence + 1);
            return new Result.Refused(413, "Payload Too Large: too many messages", RejectReason.UPLOAD_TOO_BIG);
        }
        if (!Utf8.isValid(line, 0, length)) {
            evidence.deadLetter(GatewayDeadLetterReason.UPLOAD_INVALID_UTF8, lines.copy(), sequence + 1);
            return new Result.Refused(400, "Bad Request: a message is not UTF-8", RejectReason.INVALID_UTF8);
        }
        boolean malformed = !FrameCheck.isJsonArray(line, 0, length);
        if (malformed && limits.nonJsonFrames() != NonJsonFrames.TAG) {
            evidence.deadLetter(GatewayDeadLetterReason.NOT_JSON_ARRAY, lines.copy(), sequence + 1);
            if (limits.nonJsonFrames() == NonJsonFrames.REJECT) {
                return new Result.Refused(
                        400, "Bad Request: a message is not a JSON array", RejectReason.NOT_JSON_ARRAY);
            }
            return null;
        }
        sequence++;
        spool.append(line, length, malformed);
        return null;
    }

    private Result badMetadata(byte[] line) {
        evidence.deadLetter(GatewayDeadLetterReason.UPLOAD_BAD_METADATA, line, 0);
        return new Result.Refused(400, "Bad Request: Unsupported file format", RejectReason.UPLOAD_INVALID);
    }

    private static ObjectNode metadata(byte[] line) {
        if (line.length < 2 || line[0] != '{' || line[line.length - 1] != '}') {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }
}

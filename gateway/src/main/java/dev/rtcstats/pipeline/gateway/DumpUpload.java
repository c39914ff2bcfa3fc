package dev.rtcstats.pipeline.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rtcstats.pipeline.common.DumpFormat;
import dev.rtcstats.pipeline.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dump posted as {@code multipart/form-data}, read like the reference reads it: the first part must hold
 * {@code RTCStatsDump}, then a JSON object line (the client's own metadata), then one message per non-empty line.
 */
sealed interface DumpUpload {
    Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    Pattern LINE_BREAK = Pattern.compile("\\r?\\n");

    /** A dump with at least one message. */
    record Parsed(String metadataJson, List<byte[]> messages) implements DumpUpload {}

    /** The body is not a dump; {@code message} is the 400 response text. */
    record Invalid(String message) implements DumpUpload {}

    /** A well-formed dump without messages (422). */
    record Empty() implements DumpUpload {}

    static DumpUpload parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.contains("multipart/form-data")) {
            return new Invalid("Bad Request: Content-Type must be multipart/form-data");
        }
        Matcher matcher = BOUNDARY.matcher(contentType);
        if (!matcher.find()) {
            return new Invalid("Bad Request: boundary not found in Content-Type");
        }
        String delimiter = "--" + (matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        String[] lines = LINE_BREAK.split(new String(body, StandardCharsets.UTF_8), -1);
        int index = 0;
        while (index < lines.length && !lines[index].startsWith(delimiter)) {
            index++;
        }
        index++;
        while (index < lines.length && !lines[index].isEmpty()) {
            index++;
        }
        index++;
        if (index >= lines.length || !lines[index].equals(DumpFormat.HEADER)) {
            return new Invalid("Bad Request: Unsupported file format");
        }
        index++;
        String metadata = index < lines.length ? lines[index] : "";
        if (!metadata.startsWith("{") || !metadata.endsWith("}")) {
            return new Invalid("Bad Request: Unsupported file format");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(metadata);
            if (!node.isObject()) {
                return new Invalid("Bad Request: Unsupported file format");
            }
        } catch (JsonProcessingException e) {
            return new Invalid("Bad Request: " + e.getOriginalMessage());
        }
        List<byte[]> messages = new ArrayList<>();
        for (index++; index < lines.length && !lines[index].startsWith(delimiter); index++) {
            if (!lines[index].isEmpty()) {
                messages.add(lines[index].getBytes(StandardCharsets.UTF_8));
            }
        }
        return messages.isEmpty() ? new Empty() : new Parsed(metadata, List.copyOf(messages));
    }
}

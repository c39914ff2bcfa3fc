package dev.rtcstats.pipeline.enricher.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the reference server's post-processing does to a dump before it is stored, applied as the enricher writes
 * the dump, so the S3 blob and everything computed from it (features, time series) hold obfuscated data.
 *
 * <p>With obfuscation on (the default) every line goes through the reference's GeolookupStream (when a database is
 * configured) and ObfuscateStream: it is parsed and stored as {@code JSON.stringify} prints it, empty lines are
 * dropped, a line that is not JSON or on which the reference throws is kept as it is, and the dump ends with a
 * newline. With obfuscation off the frames are stored byte for byte and candidates are not located, as in the
 * reference; the metadata line still gets its {@code locations} when a database is configured.
 */
public final class DumpPrivacy {
    /** Obfuscation on, no geolocation: the defaults. */
    public static final DumpPrivacy DEFAULT = new DumpPrivacy(true, GeoLocator.NONE, false);

    private static final byte[] NEWLINE = {'\n'};
    private static final String HEADER_PREFIX = "RTCStatsDump";

    private final boolean obfuscate;
    private final GeoLocator locator;
    private final boolean locate;

    private DumpPrivacy(boolean obfuscate, GeoLocator locator, boolean locate) {
        this.obfuscate = obfuscate;
        this.locator = locator;
        this.locate = locate;
    }

    /** Obfuscation as configured; {@code locator} null for no geolocation. */
    public static DumpPrivacy of(boolean obfuscate, GeoLocator locator) {
        return new DumpPrivacy(obfuscate, locator == null ? GeoLocator.NONE : locator, locator != null);
    }

    public boolean obfuscates() {
        return obfuscate;
    }

    /**
     * The stored metadata line: the gateway's line with {@code locations} (one record or null per remote address)
     * inserted after {@code remoteAddresses} when a database is configured and the raw addresses are known (not for
     * uploads, as in the reference), then processed like any other line.
     */
    public String metadataLine(String metadataJson, List<String> rawRemoteAddresses) {
        String line = metadataJson;
        if (locate && !rawRemoteAddresses.isEmpty()) {
            JsonNode metadata = JsJson.parse(metadataJson);
            if (metadata instanceof ObjectNode object) {
                line = JsJson.stringify(withLocations(object, rawRemoteAddresses));
            }
        }
        return obfuscate ? processLine(line) : line;
    }

    private ObjectNode withLocations(ObjectNode metadata, List<String> addresses) {
        ArrayNode locations = JsonNodeFactory.instance.arrayNode();
        addresses.forEach(address -> {
            JsonNode record = locator.lookup(address);
            locations.add(record == null ? JsonNodeFactory.instance.nullNode() : record);
        });
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
            if (!entry.getKey().equals("locations")) {
                result.set(entry.getKey(), entry.getValue());
            }
            if (entry.getKey().equals("remoteAddresses")) {
                result.set("locations", locations);
            }
        }
        if (!result.has("locations")) {
            result.set("locations", locations);
        }
        return result;
    }

    /**
     * Writes the stored form of one client frame: its bytes (obfuscation off) or each of its processed lines,
     * each followed by a newline, to {@code out}; the same lines go to {@code lines}.
     */
    public void writeFrame(byte[] frame, Consumer<byte[]> out, Consumer<String> lines) {
        if (!obfuscate) {
            out.accept(frame);
            out.accept(NEWLINE);
            lines.accept(new String(frame, StandardCharsets.UTF_8));
            return;
        }
        // The reference splits its file on '\n', so a frame holding a newline is two lines there too.
        for (String part : new String(frame, StandardCharsets.UTF_8).split("\n", -1)) {
            String line = processLine(part);
            if (line != null) {
                out.accept(line.getBytes(StandardCharsets.UTF_8));
                out.accept(NEWLINE);
                lines.accept(line);
            }
        }
    }

    /** Writes the close line: as is and without a newline (obfuscation off), else processed and newline-terminated. */
    public void writeClose(String closeLine, Consumer<byte[]> out, Consumer<String> lines) {
        String line = obfuscate ? processLine(closeLine) : closeLine;
        out.accept(line.getBytes(StandardCharsets.UTF_8));
        if (obfuscate) {
            out.accept(NEWLINE);
        }
        lines.accept(line);
    }

    /** One line through GeolookupStream and ObfuscateStream; {@code null} for a dropped (empty) line. */
    String processLine(String line) {
        if (line.isEmpty()) {
            return null;
        }
        if (line.startsWith(HEADER_PREFIX)) {
            return line;
        }
        JsonNode data = JsJson.parse(line);
        if (data == null) {
            return line;
        }
        // Each stream prints what it parsed; a stream that throws passes its input line on unchanged.
        boolean reserialised = locate && CandidateGeolocation.apply(data, locator);
        if (LineObfuscation.apply(data) || reserialised) {
            return JsJson.stringify(data);
        }
        return line;
    }
}

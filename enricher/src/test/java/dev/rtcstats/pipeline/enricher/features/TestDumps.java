package dev.rtcstats.pipeline.enricher.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds dump line lists for tests: the header, a metadata line and the given frames. */
final class TestDumps {
    static final String METADATA = "{\"origin\":\"https://example.test\",\"fileFormat\":3}";

    private TestDumps() {}

    static List<String> lines(String... frames) {
        List<String> lines = new ArrayList<>(List.of("RTCStatsDump", METADATA));
        lines.addAll(List.of(frames));
        return lines;
    }

    static ParsedDump read(String... frames) {
        return RtcStatsDump.read(lines(frames));
    }

    static List<String> resource(String name) {
        try (InputStream in = TestDumps.class.getResourceAsStream("/features/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.rtcstats.pipeline.enricher.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtcstats.pipeline.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the vectors under {@code src/test/resources/privacy} (see the README there for their origin). */
final class Vectors {
    private Vectors() {}

    static String text(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/privacy/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource privacy/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return Json.MAPPER.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A locator answering from a JSON object of address to record; other addresses have none. */
    static GeoLocator table(JsonNode records) {
        return address -> records.has(address) ? records.get(address) : null;
    }
}

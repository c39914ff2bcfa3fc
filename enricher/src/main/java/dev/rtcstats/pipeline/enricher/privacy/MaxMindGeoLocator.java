package dev.rtcstats.pipeline.enricher.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link GeoLocator} over a MaxMind-format ({@code .mmdb}) city database, read with MaxMind's Java reader. Records
 * are returned as stored, keys in sorted order (MaxMind's own databases store them sorted, so this is the order the
 * reference's reader yields too). Databases in the flat ip-location-db layout ({@code country_code}, {@code city},
 * {@code latitude}, ..., as the free DB-IP Lite city file on npm) are turned into the GeoIP2 City shape by
 * {@link FlatCityRecords}, since the reference reads {@code continent/country/city.names.en}.
 */
public final class MaxMindGeoLocator implements GeoLocator {
    private final Reader reader;

    private MaxMindGeoLocator(Reader reader) {
        this.reader = reader;
    }

    /** Opens the database memory-mapped; the reader is thread-safe. */
    public static MaxMindGeoLocator open(Path database) {
        try {
            return new MaxMindGeoLocator(new Reader(database.toFile(), Reader.FileMode.MEMORY_MAPPED));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the GeoIP database " + database, e);
        }
    }

    @Override
    public JsonNode lookup(String address) {
        InetAddress ip;
        try {
            // A literal only, never a DNS query for a candidate's host name; surrounding space is ignored as the
            // reference's reader does (X-Forwarded-For entries keep theirs).
            ip = InetAddress.ofLiteral(JsStrings.trim(address));
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            Object record = reader.get(ip, Map.class);
            if (!(record instanceof Map<?, ?> map)) {
                return null;
            }
            ObjectNode node = (ObjectNode) toJson(map);
            return FlatCityRecords.isFlat(node) ? FlatCityRecords.toCity(node) : node;
        } catch (IOException e) {
            throw new UncheckedIOException("GeoIP database read failed", e);
        }
    }

    private static JsonNode toJson(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value) {
            case null -> nodes.nullNode();
            case Map<?, ?> map -> {
                ObjectNode object = nodes.objectNode();
                new TreeMap<>(map).forEach((key, child) -> object.set(String.valueOf(key), toJson(child)));
                yield object;
            }
            case List<?> list -> {
                ArrayNode array = nodes.arrayNode();
                list.forEach(child -> array.add(toJson(child)));
                yield array;
            }
            case String text -> nodes.textNode(text);
            case Boolean bool -> nodes.booleanNode(bool);
            case BigInteger big -> nodes.numberNode(big);
            case Float single -> nodes.numberNode(single.doubleValue());
            case Number number when number instanceof Double -> nodes.numberNode(number.doubleValue());
            case Number number -> nodes.numberNode(number.longValue());
            default -> nodes.textNode(value.toString());
        };
    }
}

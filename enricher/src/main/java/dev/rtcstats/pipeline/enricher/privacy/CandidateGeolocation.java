package dev.rtcstats.pipeline.enricher.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The reference's {@code GeolookupStream} on one parsed line, before obfuscation: the address of the candidate of an
 * {@code onicecandidate} or {@code addIceCandidate} is looked up, and a found location is inserted after the
 * candidate as {@code {"rtcstatsLocation":{"continent","country","city"}}} (English names; absent ones left out).
 */
final class CandidateGeolocation {
    private CandidateGeolocation() {}

    /** Inserts the location into {@code data}; false, changing nothing, where the reference would throw. */
    static boolean apply(JsonNode data, GeoLocator locator) {
        String method = LineObfuscation.method(data);
        JsonNode argument = JsValues.get(data, "2");
        if (!("onicecandidate".equals(method) || "addIceCandidate".equals(method))
                || !JsValues.truthy(argument)
                || !argument.isContainerNode()) {
            return true;
        }
        try {
            JsonNode candidate = JsValues.get(argument, "candidate");
            if (candidate == null || !candidate.isTextual()) {
                throw new JsTypeError("candidate is not a string");
            }
            String address = CandidateLine.parse(candidate.textValue()).address();
            if (address == null || address.isEmpty()) {
                return true;
            }
            JsonNode record = locator.lookup(address);
            if (!JsValues.truthy(record)) {
                return true;
            }
            ObjectNode location = JsonNodeFactory.instance.objectNode();
            for (String place : List.of("continent", "country", "city")) {
                JsonNode name = englishName(record, place);
                if (name != null) {
                    location.set(place, name);
                }
            }
            if (!(data instanceof ArrayNode array)) {
                throw new JsTypeError("splice of a non-array");
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.set("rtcstatsLocation", location);
            array.insert(3, result);
            return true;
        } catch (JsTypeError e) {
            return false;
        }
    }

    // record.place?.names['en']: undefined without the place, a TypeError with a place but no names.
    private static JsonNode englishName(JsonNode record, String place) {
        JsonNode value = JsValues.get(record, place);
        if (value == null || value.isNull()) {
            return null;
        }
        JsonNode names = JsValues.get(value, "names");
        if (names == null || names.isNull()) {
            throw new JsTypeError("place without names");
        }
        JsonNode name = JsValues.get(names, "en");
        return name;
    }
}

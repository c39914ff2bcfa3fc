package dev.rtcstats.pipeline.enricher.privacy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Looks an IP address up in a city database. The record has the MaxMind GeoIP2 City shape ({@code continent},
 * {@code country}, {@code city}, each with {@code names.en}); it is what the reference stores in the metadata line's
 * {@code locations}.
 */
@FunctionalInterface
public interface GeoLocator {
    /** No database: nothing is looked up. */
    GeoLocator NONE = address -> null;

    /** The record for {@code address}, or {@code null} when the database has none or it is not an IP literal. */
    JsonNode lookup(String address);
}

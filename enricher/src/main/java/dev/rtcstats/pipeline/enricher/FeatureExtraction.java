package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.enricher.features.ExtractionBudget;
import java.util.List;
import java.util.function.Consumer;

/** Computes the rtcstats-features set, and optionally the getStats time series, of one closed connection. */
@FunctionalInterface
public interface FeatureExtraction {
    /**
     * The features of one connection; its getStats time series go to {@code series} in bounded records before this
     * returns, from the same reading of the dump.
     *
     * @param session      the connection's session record (its features status is not known yet)
     * @param metadataJson the dump's metadata line
     * @param frameLines   every frame of the dump in order, then the close line; without the two header lines
     * @param budget       the connection's budget: the extraction records in it what it cut short, and throws
     *                     {@link ExtractionBudget.OutOfTime} once its deadline has passed
     * @param series       receives the time series records
     */
    FeatureRecord extract(
            SessionRecord session,
            String metadataJson,
            List<String> frameLines,
            ExtractionBudget budget,
            Consumer<StatsSeries> series);

    /** The features without limits, and without the time series: for tools and tests that read trusted dumps. */
    default FeatureRecord extract(SessionRecord session, String metadataJson, List<String> frameLines) {
        return extract(session, metadataJson, frameLines, ExtractionBudget.unlimited(), series -> {});
    }
}

package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import java.util.List;
import java.util.function.Consumer;

/** Computes the rtcstats-features set, and optionally the getStats time series, of one closed connection. */
@FunctionalInterface
public interface FeatureExtraction {
    /**
     * @param session      the connection's session record, already complete
     * @param metadataJson the dump's metadata line
     * @param frameLines   every frame of the dump in order, then the close line; without the two header lines
     */
    FeatureRecord extract(SessionRecord session, String metadataJson, List<String> frameLines);

    /**
     * The features as {@link #extract(SessionRecord, String, List)}, and the getStats time series handed to
     * {@code series} in bounded records before they return, from one reading of the dump. This default sends no
     * series, for extractions that do not read getStats.
     */
    default FeatureRecord extract(
            SessionRecord session, String metadataJson, List<String> frameLines, Consumer<StatsSeries> series) {
        return extract(session, metadataJson, frameLines);
    }
}

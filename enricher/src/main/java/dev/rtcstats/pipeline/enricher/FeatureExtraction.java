package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.SessionRecord;
import java.util.List;

/** Computes the rtcstats-features set of one closed connection from its dump lines. */
@FunctionalInterface
public interface FeatureExtraction {
    /**
     * @param session      the connection's session record, already complete
     * @param metadataJson the dump's metadata line
     * @param frameLines   every frame of the dump in order, then the close line; without the two header lines
     */
    FeatureRecord extract(SessionRecord session, String metadataJson, List<String> frameLines);
}

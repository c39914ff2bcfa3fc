package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.enricher.features.ExtractionBudget;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A stand-in for the feature extractor whose only "feature" is how many lines it was given. */
public final class LineCountingExtraction implements FeatureExtraction {
    @Override
    public FeatureRecord extract(
            SessionRecord session,
            String metadataJson,
            List<String> frameLines,
            ExtractionBudget budget,
            Consumer<StatsSeries> series) {
        return new FeatureRecord(
                FeatureRecord.FORMAT,
                session.connectionId(),
                session.user(),
                session.conference(),
                session.session(),
                session.tenant(),
                session.startTime(),
                session.processingVersion(),
                Map.of(),
                Map.of("lines", frameLines.size()),
                List.of(),
                List.of());
    }
}

package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.enricher.features.FeatureExtractor;
import dev.rtcstats.pipeline.enricher.features.Features;
import dev.rtcstats.pipeline.enricher.features.RtcStatsDump;
import java.util.ArrayList;
import java.util.List;

/** {@link FeatureExtraction} by the Java rtcstats-features implementation in {@code enricher.features}. */
public final class DumpFeatureExtraction implements FeatureExtraction {
    private final FeatureExtractor extractor = new FeatureExtractor();

    @Override
    public FeatureRecord extract(SessionRecord session, String metadataJson, List<String> frameLines) {
        List<String> dump = new ArrayList<>(frameLines.size() + 2);
        dump.add("RTCStatsDump");
        dump.add(metadataJson);
        dump.addAll(frameLines);
        Features features = extractor.extract(RtcStatsDump.read(dump));
        return new FeatureRecord(FeatureRecord.FORMAT, session.connectionId(), session.user(), session.conference(),
                session.session(), session.tenant(), session.startTime(), session.processingVersion(),
                features.metadata(), features.client(), features.connections(), features.tracks());
    }
}

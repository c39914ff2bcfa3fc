package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.DumpFormat;
import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.enricher.features.ExtractionBudget;
import dev.rtcstats.pipeline.enricher.features.FeatureExtractor;
import dev.rtcstats.pipeline.enricher.features.Features;
import dev.rtcstats.pipeline.enricher.features.FeaturesReason;
import dev.rtcstats.pipeline.enricher.features.ParsedDump;
import dev.rtcstats.pipeline.enricher.features.RtcStatsDump;
import dev.rtcstats.pipeline.enricher.features.StatsFlattener;
import dev.rtcstats.pipeline.enricher.features.StatsSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link FeatureExtraction} by the Java rtcstats-features implementation in {@code enricher.features}, with the
 * getStats time series flattened from the same parsed dump.
 */
public final class DumpFeatureExtraction implements FeatureExtraction {
    /** Samples per {@link StatsSeries} record: a long call becomes many records of a few hundred KB each. */
    static final int MAX_SAMPLES_PER_RECORD = 5_000;
    /**
     * Encoded bytes per record at most, counted as {@link StatsSeries#headerBytes()} plus
     * {@link StatsSeries.Sample#encodedBytes()}: well under the 1 MiB {@code max.message.bytes} of the stats topic
     * (infra/kafka/topics.txt) with room for the key and headers.
     */
    static final int MAX_BYTES_PER_RECORD = 768 * 1024;

    private final FeatureExtractor extractor = new FeatureExtractor();
    private final StatsFlattener flattener;

    /** Every getStats value becomes a sample. */
    public DumpFeatureExtraction() {
        this(StatsSelection.ALL);
    }

    /** Only what {@code selection} keeps becomes a sample ({@link StatsSelection#fromEnv}). */
    public DumpFeatureExtraction(StatsSelection selection) {
        this.flattener = new StatsFlattener(MAX_SAMPLES_PER_RECORD, MAX_BYTES_PER_RECORD, selection);
    }

    @Override
    public FeatureRecord extract(
            SessionRecord session,
            String metadataJson,
            List<String> frameLines,
            ExtractionBudget budget,
            Consumer<StatsSeries> series) {
        List<String> dump = new ArrayList<>(frameLines.size() + 2);
        dump.add(DumpFormat.HEADER);
        dump.add(metadataJson);
        dump.addAll(frameLines);
        ParsedDump parsed = RtcStatsDump.read(dump, budget);
        StatsSeries empty = series(session, List.of());
        boolean truncated = flattener.flatten(
                parsed,
                empty.headerBytes(),
                budget.limits().maxSeriesSamples(),
                samples -> series.accept(series(session, samples)));
        if (truncated) {
            budget.cut(FeaturesReason.SERIES_SAMPLES_OVER_BUDGET);
        }
        budget.checkTime();
        Features features = extractor.extract(parsed, budget);
        return new FeatureRecord(
                FeatureRecord.FORMAT,
                session.connectionId(),
                session.user(),
                session.conference(),
                session.session(),
                session.tenant(),
                session.startTime(),
                session.processingVersion(),
                features.metadata(),
                features.client(),
                features.connections(),
                features.tracks());
    }

    private static StatsSeries series(SessionRecord session, List<StatsSeries.Sample> samples) {
        return new StatsSeries(
                StatsSeries.FORMAT,
                session.connectionId(),
                session.user(),
                session.conference(),
                session.session(),
                session.tenant(),
                session.startTime(),
                session.processingVersion(),
                samples);
    }
}

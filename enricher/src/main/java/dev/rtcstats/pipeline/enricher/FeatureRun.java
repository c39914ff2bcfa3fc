package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.JsonSerde;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.enricher.deadletters.EnricherDeadLetterReason;
import dev.rtcstats.pipeline.enricher.features.ExtractionBudget;
import dev.rtcstats.pipeline.enricher.features.FeaturesReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs feature extraction for one closing connection within its budget and publishes the features and time series.
 * Whatever the extraction does (throws, runs out of time, overflows its stack, runs out of memory) ends here as a
 * {@link FeaturesOutcome} and, when it failed, a dead letter: nothing propagates to the stream thread.
 */
final class FeatureRun {
    private static final Logger LOGGER = LoggerFactory.getLogger(FeatureRun.class);
    private static final JsonSerde<SessionRecord> SESSIONS = new JsonSerde<>(SessionRecord.class);
    private final FeatureExtraction extraction;
    private final ConnectionBudgets budgets;
    private final Outputs outputs;
    private final AssemblyCounters counters;
    private final LongSupplier nanoClock;

    FeatureRun(
            FeatureExtraction extraction,
            ConnectionBudgets budgets,
            Outputs outputs,
            AssemblyCounters counters,
            LongSupplier nanoClock) {
        this.extraction = extraction;
        this.budgets = budgets;
        this.outputs = outputs;
        this.counters = counters;
        this.nanoClock = nanoClock;
    }

    FeaturesOutcome run(SessionRecord session, String metadataJson, List<String> lines) {
        byte[] key = session.connectionId().getBytes(StandardCharsets.UTF_8);
        long time = session.endTime();
        ExtractionBudget budget = new ExtractionBudget(budgets.extraction(), budgets.maxCloseTime(), nanoClock);
        SeriesGate series = new SeriesGate(key, time);
        FeatureRecord record;
        try {
            // The series go out as they are flattened; should the features then fail, those series still stand.
            record = extraction.extract(session, metadataJson, lines, budget, series::publish);
        } catch (ExtractionBudget.OutOfTime e) {
            return failed(session, key, e, FeaturesReason.CLOSE_TIME_OVER_BUDGET);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return failed(session, key, e, FeaturesReason.EXTRACTION_FAILED);
        }
        if (!outputs.features(key, record, time)) {
            counters.featuresFailed().increment();
            return FeaturesOutcome.failed(FeaturesReason.FEATURES_RECORD_TOO_LARGE);
        }
        if (budget.firstCut().isPresent()) {
            counters.featuresTruncated().increment();
            return FeaturesOutcome.truncated(budget.firstCut().get());
        }
        if (series.rejected) {
            counters.featuresTruncated().increment();
            return FeaturesOutcome.truncated(FeaturesReason.SERIES_RECORD_TOO_LARGE);
        }
        return FeaturesOutcome.OK;
    }

    private FeaturesOutcome failed(SessionRecord session, byte[] key, Throwable cause, FeaturesReason reason) {
        counters.featuresFailed().increment();
        LOGGER.atWarn()
                .addKeyValue("connectionId", session.connectionId())
                .addKeyValue("reason", reason.token())
                .addKeyValue("error", cause.toString())
                .log("feature extraction failed");
        outputs.deadLetter(
                EnricherDeadLetterReason.FEATURE_EXTRACTION_FAILED,
                cause,
                key,
                SESSIONS.toBytes(session),
                new RecordHeaders(),
                session.endTime());
        return FeaturesOutcome.failed(reason);
    }

    /** Publishes time series records, remembering whether the gate refused one. */
    private final class SeriesGate {
        private final byte[] key;
        private final long time;
        private boolean rejected;

        SeriesGate(byte[] key, long time) {
            this.key = key;
            this.time = time;
        }

        void publish(StatsSeries series) {
            if (outputs.series(key, series, time)) {
                counters.statsRecords().increment();
                counters.statsSamples().increment(series.samples().size());
            } else {
                rejected = true;
            }
        }
    }
}

package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.enricher.features.ExtractionBudget;
import java.util.List;
import java.util.function.Consumer;

/**
 * The real extraction, except for connections whose id asks for a failure: {@code overflow-*} overflows the stack,
 * {@code throws-*} throws, {@code spins-*} works until the budget's deadline stops it. It stands for the bug or the
 * pathological input nobody has found yet.
 */
final class MisbehavingExtraction implements FeatureExtraction {
    private final FeatureExtraction real = new DumpFeatureExtraction();

    @Override
    public FeatureRecord extract(
            SessionRecord session,
            String metadataJson,
            List<String> frameLines,
            ExtractionBudget budget,
            Consumer<StatsSeries> series) {
        String id = session.connectionId();
        if (id.startsWith("overflow-")) {
            return recurse(session, 0);
        }
        if (id.startsWith("throws-")) {
            throw new IllegalStateException("a bug in feature extraction");
        }
        if (id.startsWith("spins-")) {
            while (true) {
                budget.checkTime();
                Thread.onSpinWait();
            }
        }
        return real.extract(session, metadataJson, frameLines, budget, series);
    }

    private static FeatureRecord recurse(SessionRecord session, int depth) {
        return depth < 0 ? null : recurse(session, depth + 1);
    }
}

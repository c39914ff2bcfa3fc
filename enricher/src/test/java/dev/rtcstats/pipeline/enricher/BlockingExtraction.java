package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.FeatureRecord;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.common.StatsSeries;
import dev.rtcstats.pipeline.enricher.features.ExtractionBudget;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Counts lines like {@link LineCountingExtraction}, except that a connection whose id starts with {@code block-}
 * holds its stream thread until {@link #release()}: a stall induced on purpose.
 */
final class BlockingExtraction implements FeatureExtraction {
    private final FeatureExtraction counting = new LineCountingExtraction();
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch blocked = new CountDownLatch(1);

    @Override
    public FeatureRecord extract(
            SessionRecord session,
            String metadataJson,
            List<String> frameLines,
            ExtractionBudget budget,
            Consumer<StatsSeries> series) {
        if (session.connectionId().startsWith("block-")) {
            blocked.countDown();
            try {
                if (!released.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while blocked", e);
            }
        }
        return counting.extract(session, metadataJson, frameLines, budget, series);
    }

    boolean awaitBlocked(long seconds) throws InterruptedException {
        return blocked.await(seconds, TimeUnit.SECONDS);
    }

    void release() {
        released.countDown();
    }
}

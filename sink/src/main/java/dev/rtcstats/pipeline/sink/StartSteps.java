package dev.rtcstats.pipeline.sink;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sink's start steps (create the bucket, migrate, read the tables) until each succeeds, with back-off, so
 * that a sink started before S3 or ClickHouse waits for them. A {@link MigrationException} is not retried: the
 * schema on the server is not one the sink can write.
 */
final class StartSteps {
    private static final Logger LOGGER = LoggerFactory.getLogger(StartSteps.class);

    private final Backoff backoff;
    private final SinkMetrics metrics;
    private final BooleanSupplier closing;

    StartSteps(Backoff backoff, SinkMetrics metrics, BooleanSupplier closing) {
        this.backoff = backoff;
        this.metrics = metrics;
        this.closing = closing;
    }

    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    <T> T untilDone(String step, Step<T> attempt) throws InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                return attempt.run();
            } catch (MigrationException e) {
                throw e;
            } catch (Exception e) {
                if (closing.getAsBoolean()) {
                    throw new IllegalStateException("closed while trying to " + step, e);
                }
                Duration delay = backoff.delay(failures);
                metrics.retry(step.replace(' ', '-'));
                LOGGER.atWarn()
                        .addKeyValue("step", step)
                        .addKeyValue("retryInMs", delay.toMillis())
                        .addKeyValue("error", e.toString())
                        .log("start step failed; retrying");
                Thread.sleep(delay);
            }
        }
    }
}

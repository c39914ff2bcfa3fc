package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Hands connection events to the frames topic. The future completes when the broker acknowledged the event and
 * fails when it could not; events of one connection are published in call order.
 */
@FunctionalInterface
public interface EventPublisher {
    CompletableFuture<Void> publish(ConnectionEvent event, FrameCheck.Verdict verdict);

    default CompletableFuture<Void> publish(ConnectionEvent event) {
        return publish(event, FrameCheck.Verdict.ARRAY);
    }
}

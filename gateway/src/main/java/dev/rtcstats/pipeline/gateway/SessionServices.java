package dev.rtcstats.pipeline.gateway;

import java.time.Clock;

/** The gateway-wide collaborators every {@link ConnectionSession} shares. */
record SessionServices(
        FramePublisher publisher,
        DeadLetters deadLetters,
        GatewayMetrics metrics,
        ConnectionRegistry registry,
        InflightBudget budget,
        KafkaHealth health,
        Limits limits,
        long idleTimeoutMillis,
        Clock clock) {}

package dev.rtcstats.pipeline.gateway;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka acknowledges what the gateway sends, for {@code /ready}; that the broker answers is not enough.
 * Kafka is healthy while acknowledgements keep coming or, when there are none to wait for, while a periodic probe
 * succeeds. It is unhealthy when bytes have waited for an acknowledgement longer than the stall threshold, when a
 * send timed out more recently than the last acknowledgement (for at most the threshold), or when neither an
 * acknowledgement nor a probe succeeded within the threshold. A stall therefore turns {@code /ready} red within
 * {@code GATEWAY_READY_STALL}, and the first acknowledgement or probe after it turns it green again.
 */
final class KafkaHealth implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaHealth.class);

    /** A check that Kafka can take records, bounded by {@code timeout}. */
    interface Probe extends AutoCloseable {
        boolean succeeds(Duration timeout) throws InterruptedException;

        @Override
        void close();
    }

    private final Probe probe;
    private final InflightBudget budget;
    private final Duration interval;
    private final Duration probeTimeout;
    private final long stallNanos;
    private final LongSupplier nanoClock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kafka-health").daemon(true).factory());
    private volatile long lastAckNanos;
    private volatile long lastProbeNanos;
    private volatile long lastFailureNanos;
    private volatile boolean healthy;

    KafkaHealth(Probe probe, InflightBudget budget, Timeouts timeouts, LongSupplier nanoClock) {
        this.probe = probe;
        this.budget = budget;
        this.interval = timeouts.readyCheckInterval();
        // A slow answer is still an answer: the probe may take up to half the stall time.
        this.probeTimeout = timeouts.readyStall().dividedBy(2);
        this.stallNanos = timeouts.readyStall().toNanos();
        this.nanoClock = nanoClock;
        long longAgo = nanoClock.getAsLong() - 2 * stallNanos;
        this.lastAckNanos = longAgo;
        this.lastProbeNanos = longAgo;
        this.lastFailureNanos = longAgo;
    }

    /** Probes once, so the verdict is known before clients arrive, then every check interval. */
    void start() {
        check();
        scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Called for every acknowledged send, from a producer thread. */
    void acknowledged() {
        lastAckNanos = nanoClock.getAsLong();
    }

    /** Called for every failed send; only timeouts and retriable errors say something about Kafka's health. */
    void failed(Exception error) {
        if (error instanceof RetriableException || error instanceof TimeoutException) {
            lastFailureNanos = nanoClock.getAsLong();
        }
    }

    /** The verdict now, from what was seen so far; never waits on Kafka. */
    boolean acknowledging() {
        long now = nanoClock.getAsLong();
        long lastAck = lastAckNanos;
        long lastProbe = lastProbeNanos;
        long lastGood = lastAck - lastProbe > 0 ? lastAck : lastProbe;
        boolean fresh = now - lastGood <= stallNanos;
        boolean failing = lastFailureNanos - lastAck > 0 && now - lastFailureNanos <= stallNanos;
        long busySince = budget.busySinceNanos();
        long waitingSince = busySince - lastAck > 0 ? busySince : lastAck;
        boolean stalled = budget.used() > 0 && now - waitingSince > stallNanos;
        boolean verdict = fresh && !failing && !stalled;
        if (verdict != healthy) {
            healthy = verdict;
            LOGGER.atInfo()
                    .addKeyValue("acknowledging", verdict)
                    .addKeyValue("stalled", stalled)
                    .addKeyValue("failing", failing)
                    .log("Kafka health changed");
        }
        return verdict;
    }

    /** Probes unless an acknowledgement within the last interval already proved Kafka healthy. */
    void check() {
        if (nanoClock.getAsLong() - lastAckNanos >= interval.toNanos()) {
            try {
                if (probe.succeeds(probeTimeout)) {
                    lastProbeNanos = nanoClock.getAsLong();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        acknowledging();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        probe.close();
    }
}

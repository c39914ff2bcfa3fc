package dev.rtcstats.pipeline.enricher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtcstats.pipeline.common.BlobKeys;
import dev.rtcstats.pipeline.common.DumpFormat;
import dev.rtcstats.pipeline.common.FeaturesStatus;
import dev.rtcstats.pipeline.common.Json;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.enricher.features.FeaturesReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes one connection: writes its dump, runs its features within their budgets, publishes its session record
 * (last, so that it can say what became of the features) and forgets its state.
 */
final class ConnectionCloser {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionCloser.class);
    private final KeyValueStore<String, ConnectionState> connections;
    private final IdleIndex idle;
    private final DumpWriter dumps;
    private final FeatureRun features;
    private final ConnectionBudgets budgets;
    private final Outputs outputs;
    private final AssemblyCounters counters;
    private final long processingVersion;

    ConnectionCloser(
            KeyValueStore<String, ConnectionState> connections,
            IdleIndex idle,
            DumpWriter dumps,
            FeatureRun features,
            ConnectionBudgets budgets,
            Outputs outputs,
            AssemblyCounters counters,
            long processingVersion) {
        this.connections = connections;
        this.idle = idle;
        this.dumps = dumps;
        this.features = features;
        this.budgets = budgets;
        this.outputs = outputs;
        this.counters = counters;
        this.processingVersion = processingVersion;
    }

    void close(String id, ConnectionState state, CloseReason reason) {
        if (reason instanceof CloseReason.ClientClosed client && client.missingFrames(state) > 0) {
            counters.missingAtClose().increment(client.missingFrames(state));
            LOGGER.atWarn()
                    .addKeyValue("connectionId", id)
                    .addKeyValue("published", client.event().frames())
                    .addKeyValue("stored", state.frameCount())
                    .log("connection closed with frames missing");
        }
        FeaturesPlan plan = FeaturesPlan.of(state, budgets);
        // Like the reference server, a connection that sent nothing leaves a row but no dump.
        long dumpBytes = state.frameCount() > 0 ? dumps.write(id, state, reason, plan.lineSink()) : 0;
        SessionRecord session = session(id, state, reason, dumpBytes);
        FeaturesOutcome outcome = switch (plan) {
            case FeaturesPlan.Skip skip -> {
                counters.featuresSkipped().increment();
                yield FeaturesOutcome.skipped(skip.reason());
            }
            case FeaturesPlan.Extract extract -> {
                FeaturesOutcome extracted = features.run(session, state.metadataJson(), extract.lines());
                yield state.droppedFrames() > 0 && extracted.status() == FeaturesStatus.OK
                        ? FeaturesOutcome.truncated(FeaturesReason.CONNECTION_OVER_BUDGET)
                        : extracted;
            }
        };
        outputs.session(id.getBytes(StandardCharsets.UTF_8), outcome.applyTo(session), session.endTime());
        connections.delete(id);
        idle.remove(id, state);
        (reason instanceof CloseReason.ClientClosed ? counters.closedByClient() : counters.closedByTimeout())
                .increment();
        LOGGER.atInfo()
                .addKeyValue("connectionId", id)
                .addKeyValue("session", state.tags().session())
                .addKeyValue("frames", state.frameCount())
                .addKeyValue("dumpBytes", dumpBytes)
                .addKeyValue("closeCode", reason.code())
                .addKeyValue("closedBy", reason.closedBy())
                .addKeyValue("features", outcome.status().token())
                .log("connection assembled");
    }

    private SessionRecord session(String id, ConnectionState state, CloseReason reason, long dumpBytes) {
        DumpMetadata metadata = DumpMetadata.parse(state.metadataJson());
        return new SessionRecord(
                SessionRecord.FORMAT,
                id,
                state.tags().user(),
                state.tags().conference(),
                state.tags().session(),
                state.tags().tenant(),
                state.tags().gateway(),
                state.startTime(),
                reason.endTime(state),
                state.frameCount(),
                reason.code(),
                reason.closedBy(),
                metadata.userAgent(),
                metadata.origin(),
                metadata.clientProtocol(),
                dumpBytes,
                state.frameCount() > 0 ? BlobKeys.forConnection(id) : null,
                processingVersion);
    }

    /** Whether a connection's features are computed, decided before its dump is read. */
    sealed interface FeaturesPlan {
        static FeaturesPlan of(ConnectionState state, ConnectionBudgets budgets) {
            if (state.frameCount() == 0) {
                return new Skip(FeaturesReason.NO_FRAMES);
            }
            if (!budgets.admitsFeatures(state.frameCount(), estimatedDumpBytes(state))) {
                return new Skip(FeaturesReason.DUMP_OVER_BUDGET);
            }
            return new Extract(new ArrayList<>((int) state.frameCount() + 1));
        }

        /** Where the dump writer hands the frame lines. */
        Consumer<String> lineSink();

        /** No features: the dump's lines are not kept. */
        record Skip(FeaturesReason reason) implements FeaturesPlan {
            @Override
            public Consumer<String> lineSink() {
                return line -> {};
            }
        }

        /** Features from these lines, collected as the dump is written. */
        record Extract(List<String> lines) implements FeaturesPlan {
            @Override
            public Consumer<String> lineSink() {
                return lines::add;
            }
        }

        /** The dump size known before writing it: header, metadata, frames with their newlines and a close line. */
        private static long estimatedDumpBytes(ConnectionState state) {
            return DumpFormat.HEADER_LINE.length
                    + state.metadataJson().length()
                    + 1
                    + state.frameBytes()
                    + state.frameCount()
                    + 32;
        }
    }

    /**
     * The fields of the metadata line that the session record carries; null when absent or the line is not JSON.
     * Each is cut to {@link #MAX_CHARS}, so that what a client put in its User-Agent cannot outgrow the record.
     */
    record DumpMetadata(String userAgent, String origin, String clientProtocol) {
        static final int MAX_CHARS = 4096;

        static DumpMetadata parse(String metadataJson) {
            try {
                JsonNode node = Json.MAPPER.readTree(metadataJson);
                return new DumpMetadata(text(node, "userAgent"), text(node, "origin"), text(node, "clientProtocol"));
            } catch (IOException e) {
                return new DumpMetadata(null, null, null);
            }
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node == null ? null : node.get(field);
            if (value == null || !value.isTextual()) {
                return null;
            }
            String text = value.asText();
            return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
        }
    }
}

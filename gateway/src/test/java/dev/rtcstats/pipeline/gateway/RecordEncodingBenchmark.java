package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The producer's work per frame record, as its accumulator does it: headers built, the record appended to a batch
 * and the batch compressed (nanoseconds per record, batches of 128 recorded Chromium frames). {@code tagged} is the
 * frames record before: nine headers, with the tags repeated on every frame; {@code compact} is the four headers of
 * {@link ConnectionEventCodec#frameHeaders}. The batch size each combination produces is printed once per fork.
 *
 * <pre>
 * java -cp "gateway/target/test-classes:gateway/target/classes:$(cat /tmp/gateway-test-cp.txt)" \
 *   org.openjdk.jmh.Main RecordEncodingBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordEncodingBenchmark {
    private static final int RECORDS = 128;
    private static final long START = 1_795_889_429_357L;

    @Param({"none", "lz4", "zstd"})
    public String compression;

    @Param({"tagged", "compact"})
    public String headers;

    private final byte[][] frames = RecordedFrames.cycled(RECORDS);
    private final byte[] key = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 22);
    private Compression codec;
    private boolean tagged;

    @Setup
    public void setUp() {
        codec = Compression.of(compression).build();
        tagged = headers.equals("tagged");
        MemoryRecords batch = encodeBatch();
        System.out.printf(
                "%n%s/%s: %d records, %d bytes a batch, %.1f bytes a record%n",
                compression, headers, RECORDS, batch.sizeInBytes(), batch.sizeInBytes() / (double) RECORDS);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public MemoryRecords encodeBatch() {
        buffer.clear();
        MemoryRecordsBuilder builder =
                MemoryRecords.builder(buffer, RecordBatch.CURRENT_MAGIC_VALUE, codec, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < RECORDS; i++) {
            long timestamp = START + i;
            Header[] recordHeaders = tagged
                    ? tagged(timestamp, i + 1)
                    : ConnectionEventCodec.frameHeaders(timestamp, i + 1).toArray();
            builder.append(timestamp, key, frames[i], recordHeaders);
        }
        return builder.build();
    }

    /** The frame headers of format 1 before tags moved to the open and close records. */
    private static Header[] tagged(long timestamp, long sequence) {
        return new Header[] {
            header("rtcstats-format", "1"),
            header("rtcstats-kind", "frame"),
            header("rtcstats-ts", Long.toString(timestamp)),
            header("rtcstats-seq", Long.toString(sequence)),
            header("rtcstats-user", "user-4711"),
            header("rtcstats-conference", "room_meeting-42"),
            header("rtcstats-session", "7c9e6679-7425-40de-944b-e07fc1f90ae7"),
            header("rtcstats-tenant", "tenant-a"),
            header("rtcstats-gateway", "gateway-7d9f8b6c4-x2x5q")
        };
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}

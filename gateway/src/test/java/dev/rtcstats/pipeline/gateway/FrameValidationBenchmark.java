package dev.rtcstats.pipeline.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.undertow.websockets.core.UTF8Output;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the gateway does to each frame before it hands it to Kafka, per frame of the recorded Chromium call
 * (nanoseconds; run with {@code -bm sample} on a busy machine and read the medians). The old path decoded the text
 * frame into a String (Undertow's {@code UTF8Output}, as {@code BufferedTextMessage} does), re-encoded it and scanned
 * it as JSON ({@code decodeAndReencode} + {@code jacksonScan}, the previous {@code FrameCheck} kept here as the
 * baseline); the new one copies the bytes once and looks at the frame's ends ({@code copyOnce} + {@code shapeCheck}).
 * Undertow's UTF-8 check of text frames runs in both. {@code utf8Validation} is the check binary frames and uploaded
 * lines get.
 *
 * <pre>
 * java -cp "gateway/target/test-classes:gateway/target/classes:$(cat /tmp/gateway-test-cp.txt)" \
 *   org.openjdk.jmh.Main FrameValidationBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameValidationBenchmark {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int FRAMES = 201;

    private final byte[][] frames = RecordedFrames.cycled(FRAMES);

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decodeAndReencode(Blackhole blackhole) {
        for (byte[] frame : frames) {
            // What BufferedTextMessage did with a text frame, then the getBytes of the previous FrameListener.
            UTF8Output text = new UTF8Output();
            text.write(ByteBuffer.wrap(frame));
            blackhole.consume(text.extract().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void copyOnce(Blackhole blackhole) {
        for (byte[] frame : frames) {
            blackhole.consume(Arrays.copyOf(frame, frame.length));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void jacksonScan(Blackhole blackhole) {
        for (byte[] frame : frames) {
            blackhole.consume(jacksonIsArray(frame));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void shapeCheck(Blackhole blackhole) {
        for (byte[] frame : frames) {
            blackhole.consume(FrameCheck.isJsonArray(frame));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void utf8Validation(Blackhole blackhole) {
        for (byte[] frame : frames) {
            blackhole.consume(Utf8.isValid(frame, 0, frame.length));
        }
    }

    private static boolean jacksonIsArray(byte[] frame) {
        try (JsonParser parser = JSON.createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}

package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.Tags;
import java.nio.charset.StandardCharsets;

/** One client's connection as the gateway would publish it: sequence numbers and server times kept for the test. */
final class TestClient {
    final AssemblerDriver driver;
    final String id;
    final Tags tags;
    private long sequence;
    private long time;

    TestClient(AssemblerDriver driver, String id, Tags tags, long start) {
        this.driver = driver;
        this.id = id;
        this.tags = tags;
        this.time = start;
    }

    TestClient open() {
        return open(AssemblerDriver.metadata(time));
    }

    TestClient open(String metadataJson) {
        driver.send(new ConnectionEvent.Opened(id, tags, time, metadataJson));
        return this;
    }

    TestClient frame(String text) {
        return frame(text.getBytes(StandardCharsets.UTF_8));
    }

    TestClient frame(byte[] payload) {
        return frameAt(++sequence, payload);
    }

    /** A frame with an explicit sequence number, for repeats and reordering. */
    TestClient frameAt(long frameSequence, byte[] payload) {
        time += 10;
        driver.send(new ConnectionEvent.FrameReceived(id, tags, time, frameSequence, payload));
        sequence = Math.max(sequence, frameSequence);
        return this;
    }

    TestClient close() {
        time += 10;
        driver.send(new ConnectionEvent.Closed(id, tags, time, 1000, sequence, time - 10));
        return this;
    }

    long sequence() {
        return sequence;
    }
}

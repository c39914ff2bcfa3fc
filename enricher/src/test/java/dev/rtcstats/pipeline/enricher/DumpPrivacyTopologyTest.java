package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rtcstats.pipeline.common.ConnectionEvent;
import dev.rtcstats.pipeline.common.ConnectionEventCodec;
import dev.rtcstats.pipeline.common.DumpChunkCodec;
import dev.rtcstats.pipeline.common.Json;
import dev.rtcstats.pipeline.common.Tags;
import dev.rtcstats.pipeline.common.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored dump and the features of a connection whose frames carry addresses, with obfuscation on and off. */
class DumpPrivacyTopologyTest {
    private static final String ID = "6f1f9a52-2d7e-4c1b-9f7e-0d8d3c3b1a01";
    private static final Tags TAGS = new Tags("alice", "room-1", "s-1", null, "gw-1");
    private static final String METADATA = "{\"url\":\"/\",\"origin\":\"https://app.example\",\"startTime\":1,"
            + "\"remoteAddresses\":[\"203.0.113.x\"],\"fileFormat\":3}";
    private static final List<String> FRAMES = List.of(
            "[\"create\",\"PC_0\",{},1]",
            "[25,\"PC_0\",\"connected\",5]",
            "[20,\"PC_0\",{\"candidate\":\"candidate:1 1 udp 2122260223 192.168.1.20 54321 typ host generation 0\"},1]",
            "[\"g\",\"PC_0\",{\"1\":{\"type\":5,\"125\":\"2\"},\"2\":{\"type\":6,\"148\":\"3\",\"149\":\"4\"},"
                    + "\"3\":{\"type\":7,\"134\":\"192.168.1.20\",\"136\":\"host\"},"
                    + "\"4\":{\"type\":8,\"134\":\"203.0.113.9\",\"136\":\"srflx\"},\"t\":1000},1000]");

    @TempDir
    Path stateDir;

    @Test
    void shouldStoreObfuscatedDumpAndFeaturesByDefault() throws IOException {
        // Given
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092");

        // When
        Output output = run(env);

        // Then
        assertThat(output.dump()).doesNotContain("192.168.1.20", "203.0.113.9").endsWith("\n");
        assertThat(output.dump()).contains("192.168.1.x", "203.0.113.x", "54321 typ host\"");
        JsonNode connection = output.features().get("connections").get(0);
        assertThat(connection.get("firstCandidatePairLocalAddress").asText()).isEqualTo("192.168.1.x");
        assertThat(connection.get("firstCandidatePairRemoteAddress").asText()).isEqualTo("203.0.113.x");
    }

    @Test
    void shouldStoreTheClientBytesWhenObfuscationIsOff() throws IOException {
        // Given
        Map<String, String> env =
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092", "RTCSTATS_OBFUSCATE_IP_ADDRESSES", "false");

        // When
        Output output = run(env);

        // Then
        assertThat(output.dump())
                .isEqualTo(
                        "RTCStatsDump\n" + METADATA + "\n" + String.join("\n", FRAMES) + "\n[\"close\",null,1000,10]");
        assertThat(output.features()
                        .get("connections")
                        .get(0)
                        .get("firstCandidatePairLocalAddress")
                        .asText())
                .isEqualTo("192.168.1.20");
    }

    private record Output(String dump, JsonNode features) {}

    private Output run(Map<String, String> env) throws IOException {
        Map<String, String> variables = new java.util.HashMap<>(env);
        variables.put("ENRICHER_STATE_DIR", stateDir.toString());
        EnricherConfig config = EnricherConfig.fromEnv(variables);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                EnricherTopology.buildTopology(config, new DumpFeatureExtraction()),
                config.streamsProperties(),
                Instant.ofEpochMilli(0))) {
            TestInputTopic<byte[], byte[]> input =
                    driver.createInputTopic(Topics.FRAMES, new ByteArraySerializer(), new ByteArraySerializer());
            send(input, new ConnectionEvent.Opened(ID, TAGS, 100, METADATA, List.of("203.0.113.9")));
            for (int i = 0; i < FRAMES.size(); i++) {
                send(
                        input,
                        new ConnectionEvent.FrameReceived(
                                ID, TAGS, 100 + i, i + 1, FRAMES.get(i).getBytes(StandardCharsets.UTF_8)));
            }
            send(input, new ConnectionEvent.Closed(ID, TAGS, 113, 1000, FRAMES.size(), 103));
            ByteArrayOutputStream dump = new ByteArrayOutputStream();
            driver.createOutputTopic(Topics.DUMPS, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList()
                    .forEach(r -> dump.writeBytes(DumpChunkCodec.decode(r.key(), r.headers(), r.value())
                            .bytes()));
            byte[] features = driver.createOutputTopic(
                            Topics.FEATURES, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .readValue();
            return new Output(dump.toString(StandardCharsets.UTF_8), Json.MAPPER.readTree(features));
        }
    }

    private static void send(TestInputTopic<byte[], byte[]> input, ConnectionEvent event) {
        input.pipeInput(new TestRecord<>(
                ConnectionEventCodec.key(event),
                ConnectionEventCodec.value(event),
                ConnectionEventCodec.headers(event),
                Instant.ofEpochMilli(event.timestamp())));
    }
}

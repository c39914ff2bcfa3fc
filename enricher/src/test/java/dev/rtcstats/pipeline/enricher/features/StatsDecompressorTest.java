package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsDecompressorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
        "t,timestamp",
        "4,payloadType",
        "5,transportId",
        "80,bytesSent",
        "125,selectedCandidatePairId",
        "134,address",
        "136,candidateType",
        "152,currentRoundTripTime",
        "166,issuerCertificateId",
        "167,psnrMeasurements",
        "168,psnrSum",
        "174,packetsSentWithEct1",
        "176,ccfbMessagesReceived",
        "13,13",
        "146,146",
        "177,177",
        "custom,custom"
    })
    void shouldMapPropertyIdToNameWhenIdIsInTable(String key, String expected) {
        // Given / When
        String name = StatsDecompressor.propertyName(key);

        // Then
        assertThat(name).isEqualTo(expected);
    }

    @Test
    void shouldMapTypeIdsToTypesWhenKnownAndKeepOthers() {
        // Given / When / Then
        assertThat(StatsDecompressor.typeName(IntNode.valueOf(1)).asText()).isEqualTo("inbound-rtp");
        assertThat(StatsDecompressor.typeName(IntNode.valueOf(14)).asText()).isEqualTo("codec");
        assertThat(StatsDecompressor.typeName(TextNode.valueOf("6")).asText()).isEqualTo("candidate-pair");
        assertThat(StatsDecompressor.typeName(TextNode.valueOf("compute-pressure"))
                        .asText())
                .isEqualTo("compute-pressure");
        assertThat(StatsDecompressor.typeName(IntNode.valueOf(15)).asInt()).isEqualTo(15);
    }

    @Test
    void shouldDecodeExactlyAsTheDeepCopyingDecoderWhenReportsAreCarriedForward() {
        // Given: seeded random delta sequences over a few ids, properties, nested objects, removals and timestamps
        Random random = new Random(20261128);
        for (int sequence = 0; sequence < 300; sequence++) {
            ObjectNode legacy = null;
            ObjectNode current = null;
            for (int poll = 0; poll < 25; poll++) {
                JsonNode delta = randomDelta(random);

                // When
                legacy = LegacyStatsDecompressor.decompress(legacy, delta.deepCopy());
                current = StatsDecompressor.decompress(current, delta.deepCopy());

                // Then
                assertThat(current.toString())
                        .as("sequence %d poll %d", sequence, poll)
                        .isEqualTo(legacy.toString());
                assertThat(current).isEqualTo(legacy);
            }
        }
    }

    @Test
    void shouldShareUnchangedReportsWithThePreviousPollWhenTheDeltaOmitsThem() {
        // Given
        ObjectNode first = StatsDecompressor.decompress(null, json("{\"A\":{\"80\":1},\"B\":{\"80\":2},\"t\":10}"));

        // When
        ObjectNode second = StatsDecompressor.decompress(first, json("{\"A\":{\"80\":3}}"));
        ObjectNode third = StatsDecompressor.decompress(second, json("{\"t\":30}"));

        // Then
        assertThat(second.get("B")).isSameAs(first.get("B"));
        assertThat(third.get("B").toString()).isEqualTo("{\"bytesSent\":2,\"timestamp\":30}");
        assertThat(first.get("B").toString()).isEqualTo("{\"bytesSent\":2,\"timestamp\":10}");
        assertThat(third.get("A").toString()).isEqualTo("{\"bytesSent\":3,\"timestamp\":30}");
    }

    @Test
    void shouldRefusePollsOverTheirBudgetsAndSayWhich() {
        // Given
        ExtractionBudget budget =
                new ExtractionBudget(new ExtractionLimits(2, 3, 1_000, 10), Duration.ofDays(1), () -> 0);

        // When
        ObjectNode tooMany = StatsDecompressor.decompress(null, json("{\"A\":{},\"B\":{},\"C\":{}}"), budget);
        ObjectNode first = StatsDecompressor.decompress(null, json("{\"A\":{\"80\":1},\"B\":{\"80\":1}}"), budget);
        ObjectNode second = StatsDecompressor.decompress(first, json("{\"C\":{\"80\":1},\"D\":{\"80\":1}}"), budget);

        // Then
        assertThat(tooMany).isNull();
        assertThat(second.properties()).extracting(Map.Entry::getKey).containsExactly("C", "A", "B");
        assertThat(budget.firstCut()).contains(FeaturesReason.REPORTS_PER_FRAME_OVER_BUDGET);
    }

    @Test
    void shouldStopDecodingWhenTheValueBudgetIsSpent() {
        // Given
        ExtractionBudget budget =
                new ExtractionBudget(new ExtractionLimits(100, 100, 12, 10), Duration.ofDays(1), () -> 0);
        ObjectNode first = StatsDecompressor.decompress(null, json("{\"A\":{\"80\":1,\"81\":2}}"), budget);

        // When
        List<ObjectNode> later = List.of(
                Objects.requireNonNullElse(
                        StatsDecompressor.decompress(first, json("{\"A\":{\"80\":2}}"), budget), first),
                Objects.requireNonNullElse(
                        StatsDecompressor.decompress(first, json("{\"A\":{\"80\":3}}"), budget), first));

        // Then
        assertThat(first).isNotNull();
        assertThat(StatsDecompressor.decompress(first, json("{\"t\":1}"), budget))
                .isNull();
        assertThat(later).isNotEmpty();
        assertThat(budget.firstCut()).contains(FeaturesReason.STATS_VALUES_OVER_BUDGET);
    }

    private static JsonNode randomDelta(Random random) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (random.nextInt(30) == 0) {
            return random.nextBoolean() ? nodes.arrayNode().add(1) : nodes.nullNode();
        }
        ObjectNode delta = nodes.objectNode();
        List<String> ids = List.of("0", "1", "10", "2", "A", "CP", "T01", "7");
        int reports = random.nextInt(5);
        for (int i = 0; i < reports; i++) {
            String id = ids.get(random.nextInt(ids.size()));
            int kind = random.nextInt(10);
            if (kind == 0) {
                delta.putNull(id);
            } else if (kind == 1) {
                delta.put(id, 42);
            } else {
                delta.set(id, randomReport(random, 0));
            }
        }
        if (random.nextInt(3) > 0) {
            delta.put("t", 1_700_000_000_000L + random.nextInt(100_000));
        }
        return delta;
    }

    private static ObjectNode randomReport(Random random, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode report = nodes.objectNode();
        List<String> keys = List.of("t", "4", "80", "81", "152", "custom", "13", "type", "nested", "125");
        int properties = random.nextInt(6);
        for (int i = 0; i < properties; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(depth == 0 ? 5 : 4)) {
                case 0 -> report.put(key, random.nextInt(1000));
                case 1 -> report.put(key, random.nextDouble());
                case 2 -> report.put(key, key.equals("type") ? "" + (1 + random.nextInt(15)) : "s" + random.nextInt(5));
                case 3 -> report.put(key, random.nextInt(15));
                default -> report.set(key, randomReport(random, depth + 1));
            }
        }
        return report;
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

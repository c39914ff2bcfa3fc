package dev.rtcstats.pipeline.enricher.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsDecompressorTest {

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
}

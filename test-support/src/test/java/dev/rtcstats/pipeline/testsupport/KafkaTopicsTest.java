package dev.rtcstats.pipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {
    private static final List<String> TOPICS = List.of(
            "rtcstats.frames.v1",
            "rtcstats.dumps.v1",
            "rtcstats.sessions.v1",
            "rtcstats.features.v1",
            "rtcstats.stats.v1",
            "rtcstats.dead-letters.v1");

    @Test
    void shouldGiveEveryPipelineTopicAnExplicitMessageSizeLimit() {
        // When / Then
        assertThat(TOPICS)
                .allSatisfy(topic -> assertThat(KafkaTopics.configs(topic))
                        .as(topic)
                        .containsKey("max.message.bytes")
                        .containsKey("retention.ms"));
        assertThat(KafkaTopics.configs("rtcstats.sessions.v1")).containsEntry("max.message.bytes", "1048576");
        assertThat(KafkaTopics.configs("a-test-topic")).isEmpty();
    }
}

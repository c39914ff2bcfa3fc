package dev.rtcstats.pipeline.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DumpFormatTest {
    @Test
    void shouldWriteTheCloseLineAsTheReferenceDoes() {
        assertThat(DumpFormat.closeLine(1000, 42)).isEqualTo("[\"close\",null,1000,42]");
    }

    @Test
    void shouldLabelOnlyKnownCloseCodes() {
        assertThat(CloseCodes.label(CloseCodes.ABNORMAL)).isEqualTo("1006");
        assertThat(CloseCodes.label(4321)).isEqualTo("other");
        assertThat(CloseCodes.label(-7)).isEqualTo("other");
    }

    @Test
    void shouldNameColumnsByTheReferenceRule() {
        assertThat(ColumnNames.snakeCase("psnrSumY")).isEqualTo("psnr_sum_y");
        assertThat(ColumnNames.snakeCase("calledGetUserMediaAudio")).isEqualTo("called_get_user_media_audio");
        assertThat(ColumnNames.snakeCase("numberOfEventsNotGetStats")).isEqualTo("number_of_events_not_get_stats");
    }
}

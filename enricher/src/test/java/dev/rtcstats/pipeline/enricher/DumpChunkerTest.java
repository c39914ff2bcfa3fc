package dev.rtcstats.pipeline.enricher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rtcstats.pipeline.common.DumpChunk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpChunkerTest {

    @Test
    void shouldNeverEmitEmptyLastChunkWhenDumpFillsChunksExactly() {
        // Given
        List<DumpChunk> chunks = new ArrayList<>();
        DumpChunker chunker = new DumpChunker("c", 1, 4, chunks::add);
        chunker.write("abcd".getBytes());
        chunker.write("efgh".getBytes());

        // When
        long total = chunker.finish();

        // Then
        assertThat(total).isEqualTo(8);
        assertThat(chunks)
                .extracting(chunk -> new String(chunk.bytes()), DumpChunk::index, DumpChunk::last)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("abcd", 0, false),
                        org.assertj.core.groups.Tuple.tuple("efgh", 1, true));
    }

    @Test
    void shouldSplitWriteAcrossChunksWhenItIsLargerThanAChunk() {
        // Given
        List<DumpChunk> chunks = new ArrayList<>();
        DumpChunker chunker = new DumpChunker("c", 1, 4, chunks::add);

        // When
        chunker.write("0123456789".getBytes());
        chunker.finish();

        // Then
        assertThat(chunks).extracting(chunk -> new String(chunk.bytes())).containsExactly("0123", "4567", "89");
        assertThat(chunks).extracting(DumpChunk::last).containsExactly(false, false, true);
    }
}

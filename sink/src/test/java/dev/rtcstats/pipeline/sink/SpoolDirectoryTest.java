package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirectoryTest {
    @Test
    void shouldKeepAnotherLiveInstancesFilesAndRemoveAnAbandonedSpool(@TempDir Path base) throws Exception {
        // Given: a live instance with a file, and the spool of a sink that is gone (lock file, no lock)
        SpoolDirectory live = SpoolDirectory.create(base);
        Path kept = Files.writeString(live.path().resolve("dump-1.raw"), "x");
        Path abandoned = Files.createDirectories(base.resolve("instance-old"));
        Files.writeString(abandoned.resolve(".lock"), "");
        Files.writeString(abandoned.resolve("dump-2.raw"), "y");

        // When: a second sink starts on the same host
        try (SpoolDirectory second = SpoolDirectory.create(base)) {
            // Then
            assertThat(second.path()).isNotEqualTo(live.path());
            assertThat(kept).exists();
            assertThat(abandoned).doesNotExist();
        }
        live.close();
        assertThat(live.path()).doesNotExist();
    }
}

package dev.rtcstats.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpSpoolTest {
    private static GzipDump spool(Path directory, String... chunks) throws Exception {
        try (DumpSpool spool = new DumpSpool(directory, "conn-1")) {
            for (String chunk : chunks) {
                spool.append(chunk.getBytes(StandardCharsets.UTF_8));
            }
            return spool.finish();
        }
    }

    @Test
    void shouldGzipTheConcatenatedChunksWithTheirDigest(@TempDir Path directory) throws Exception {
        // Given
        String dump = "RTCStatsDump\n{\"fileFormat\":3}\n[39,null,{},1]\n";

        // When
        GzipDump gz = spool(directory, "RTCStatsDump\n", "{\"fileFormat\":3}\n", "[39,null,{},1]\n");

        // Then
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz.file()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(dump);
        }
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(dump.getBytes(StandardCharsets.UTF_8));
        assertThat(gz.sha256()).isEqualTo(HexFormat.of().formatHex(sha));
        assertThat(gz.key()).isEqualTo("conn-1.gz");
        assertThat(gz.dumpBytes()).isEqualTo(dump.length());
    }

    @Test
    void shouldProduceIdenticalBytesWhenTheSameDumpIsSpooledTwice(@TempDir Path directory) throws Exception {
        // Given
        GzipDump first = spool(directory, "a", "b");

        // When
        GzipDump second = spool(directory, "a", "b");

        // Then
        assertThat(Files.readAllBytes(second.file())).isEqualTo(Files.readAllBytes(first.file()));
    }
}

package dev.rtcstats.pipeline.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hadoop is only on the compile class path ({@code provided}): the writer must work without it, as in the service.
 * The test class path minus every Hadoop jar stands in for the service's run-time class path.
 */
class LakeWithoutHadoopTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteParquetWithoutHadoopOnTheClassPath() throws Exception {
        // Given
        URL[] withoutHadoop = Arrays.stream(
                        System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("/org/apache/hadoop/"))
                .map(entry -> toUrl(Path.of(entry)))
                .toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(withoutHadoop, ClassLoader.getPlatformClassLoader())) {
            @SuppressWarnings("unchecked")
            Function<String, Long> write = (Function<String, Long>) loader.loadClass(WriteWithoutHadoop.class.getName())
                    .getDeclaredConstructor()
                    .newInstance();

            // When
            long bytes = write.apply(dir.resolve("stats.parquet").toString());

            // Then
            assertThat(bytes).isPositive();
            assertThatThrownBy(() -> loader.loadClass("org.apache.hadoop.conf.Configuration"))
                    .isInstanceOf(ClassNotFoundException.class);
        }
        assertThat(ParquetRows.read(dir.resolve("stats.parquet")))
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("value", 0.05));
    }

    private static URL toUrl(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }
}

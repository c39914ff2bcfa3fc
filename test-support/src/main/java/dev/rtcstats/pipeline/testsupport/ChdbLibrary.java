package dev.rtcstats.pipeline.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds libchdb.so: {@code -Dchdb.lib}, then {@code CHDB_LIB}, then {@code .cache/chdb/libchdb.so} upwards. */
final class ChdbLibrary {
    private static final Path RELATIVE = Path.of(".cache", "chdb", "libchdb.so");

    private ChdbLibrary() {}

    static Path locate() {
        String configured = System.getProperty("chdb.lib", System.getenv("CHDB_LIB"));
        if (configured != null && !configured.isBlank() && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("libchdb.so not found (looked at -Dchdb.lib, CHDB_LIB and " + RELATIVE
                + " in this and parent directories); run infra/scripts/fetch-chdb.sh");
    }
}

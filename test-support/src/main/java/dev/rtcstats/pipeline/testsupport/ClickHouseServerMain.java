package dev.rtcstats.pipeline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the ClickHouse engine (chDB) behind {@link ClickHouseHttpFront} as its own process:
 * {@code ClickHouseServerMain <libchdb.so> <dataDir> <port> [--exit-with-stdin]}. It prints
 * {@code LISTENING <port>} on standard output once it answers. ClickHouse installs its own signal handlers, which
 * must not share a JVM with Kafka, so tests and the local stack run the engine in a process of its own.
 */
public final class ClickHouseServerMain {
    private ClickHouseServerMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException(
                    "usage: ClickHouseServerMain <libchdb.so> <dataDir> <port> [--exit-with-stdin]");
        }
        Path data = Files.createDirectories(Path.of(args[1]));
        ClickHouseHttpFront front;
        try {
            front = new ClickHouseHttpFront(new ChdbEngine(Path.of(args[0]), data), Integer.parseInt(args[2]));
        } catch (RuntimeException e) {
            System.err.println("cannot start the ClickHouse engine: " + e.getMessage());
            // A failed engine start can hang in the engine's exit handlers: leave without running them.
            Runtime.getRuntime().halt(2);
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("LISTENING " + front.port());
        if (args.length > 3 && args[3].equals("--exit-with-stdin")) {
            // The parent holds our stdin: when it dies, stdin ends and so do we.
            try (InputStream in = System.in) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            Runtime.getRuntime().halt(0);
        }
    }
}

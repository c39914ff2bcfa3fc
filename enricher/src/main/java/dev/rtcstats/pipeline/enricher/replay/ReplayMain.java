package dev.rtcstats.pipeline.enricher.replay;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.enricher.DumpFeatureExtraction;
import dev.rtcstats.pipeline.enricher.FeatureExtraction;
import dev.rtcstats.pipeline.enricher.features.StatsSelection;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reprocesses the connections opened in a time range (optionally one conference) from the retained frames topic
 * with a new processing version, beside live ingest. Exit code 0 when done, 1 when stopped early (rerun the same
 * command to resume), 2 for bad arguments.
 */
public final class ReplayMain {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayMain.class);

    private ReplayMain() {}

    public static void main(String[] args) {
        System.exit(run(
                List.of(args),
                System.getenv(),
                System.err,
                new DumpFeatureExtraction(StatsSelection.fromEnv(System.getenv()))));
    }

    /** Runs one replay in this process and returns its exit code; progress and errors go to {@code console}. */
    public static int run(
            List<String> args, Map<String, String> variables, PrintStream console, FeatureExtraction features) {
        ReplayConfig config;
        try {
            config = ReplayConfig.parse(args, variables);
        } catch (ConfigException e) {
            console.println("replay: " + e.getMessage());
            console.println(ReplayConfig.USAGE);
            return 2;
        }
        Replay replay = new Replay(config, features, console);
        Thread hook = new Thread(replay::close, "replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            replay.run();
            return 0;
        } catch (ReplayException e) {
            LOGGER.atError()
                    .addKeyValue("applicationId", config.applicationId())
                    .setCause(e.getCause())
                    .log(e.getMessage());
            console.println("replay: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.println("replay: interrupted; run the same command again to resume");
            return 1;
        } finally {
            replay.close();
            removeHook(hook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook itself.
        }
    }
}

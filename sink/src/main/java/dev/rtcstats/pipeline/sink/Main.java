package dev.rtcstats.pipeline.sink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the sink from environment variables. */
public final class Main {
    private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        SinkService sink = SinkService.fromEnv(System.getenv());
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("sink-shutdown").unstarted(() -> {
                    sink.close();
                    LOGGER.atInfo().log("sink stopped");
                }));
        sink.start();
    }
}

package dev.rtcstats.pipeline.sink;

import dev.rtcstats.pipeline.sink.lake.LakeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the sink from environment variables. */
public final class Main {
    private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        SinkConfig config = SinkConfig.fromEnv(System.getenv());
        SinkService sink = new SinkService(
                config, LakeConfig.fromEnv(System.getenv(), config.s3().bucket()));
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("sink-shutdown").unstarted(() -> {
                    sink.close();
                    LOGGER.atInfo().log("sink stopped");
                }));
        sink.start();
    }
}

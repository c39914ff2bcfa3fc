package dev.rtcstats.pipeline.console;

import java.time.Clock;

/** Starts the console from environment variables and stops it on SIGTERM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        ConsoleConfig config = ConsoleConfig.fromEnv(System.getenv());
        Console console = new Console(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(console::close, "console-shutdown"));
        console.start();
    }
}

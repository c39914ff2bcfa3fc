package dev.rtcstats.pipeline.gateway;

import java.time.Clock;

/** Starts the gateway from environment variables and drains it on SIGTERM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        GatewayConfig config = GatewayConfig.fromEnv(System.getenv());
        Gateway gateway = new Gateway(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
        gateway.start();
    }
}

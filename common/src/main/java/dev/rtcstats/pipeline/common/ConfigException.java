package dev.rtcstats.pipeline.common;

/** A configuration value is missing or invalid; the message names the environment variable. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

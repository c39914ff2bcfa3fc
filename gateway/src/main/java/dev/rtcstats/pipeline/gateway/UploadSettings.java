package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The reference's HTTP dump upload, off unless {@code path} is set.
 *
 * @param path        {@code POST} path, or null when uploads are disabled
 * @param maxBytes    a larger request body is refused with 413
 * @param timeout     the whole body must arrive and be committed to Kafka within this, or the upload fails (408)
 * @param concurrency uploads processed at once, each in its own Kafka transaction; more are answered 503
 * @param spoolDirectory where an upload's checked messages wait until its body is complete (at most
 *                       {@code concurrency * maxBytes} on disk)
 */
public record UploadSettings(String path, long maxBytes, Duration timeout, int concurrency, Path spoolDirectory) {
    public static final UploadSettings DISABLED = new UploadSettings(
            null, 100L * 1024 * 1024, Duration.ofMinutes(2), 2, Path.of(System.getProperty("java.io.tmpdir")));

    public UploadSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        if (path != null && !path.startsWith("/")) {
            throw new ConfigException("GATEWAY_UPLOAD_PATH must start with '/', got '" + path + "'");
        }
        if (maxBytes < 1024 || maxBytes > Integer.MAX_VALUE) {
            throw new ConfigException(
                    "GATEWAY_MAX_UPLOAD_BYTES must be between 1024 and " + Integer.MAX_VALUE + ", got " + maxBytes);
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("GATEWAY_UPLOAD_TIMEOUT must be at least 1s, got " + timeout);
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new ConfigException("GATEWAY_UPLOAD_CONCURRENCY must be between 1 and 64, got " + concurrency);
        }
        if (path != null && !(Files.isDirectory(spoolDirectory) && Files.isWritable(spoolDirectory))) {
            throw new ConfigException(
                    "GATEWAY_UPLOAD_SPOOL_DIR must name a writable directory, got '" + spoolDirectory + "'");
        }
    }

    /** Uploads on {@code path} with the default limits. */
    public static UploadSettings at(String path) {
        return new UploadSettings(
                path, DISABLED.maxBytes(), DISABLED.timeout(), DISABLED.concurrency(), DISABLED.spoolDirectory());
    }

    public boolean enabled() {
        return path != null;
    }

    static UploadSettings fromEnv(Env env) {
        return new UploadSettings(
                env.string("GATEWAY_UPLOAD_PATH", null),
                env.longValue("GATEWAY_MAX_UPLOAD_BYTES", DISABLED.maxBytes(), 1024, Integer.MAX_VALUE),
                env.duration("GATEWAY_UPLOAD_TIMEOUT", DISABLED.timeout()),
                env.integer("GATEWAY_UPLOAD_CONCURRENCY", DISABLED.concurrency(), 1, 64),
                Path.of(env.string(
                        "GATEWAY_UPLOAD_SPOOL_DIR", DISABLED.spoolDirectory().toString())));
    }
}

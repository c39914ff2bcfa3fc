package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the stored dumps may reveal, as the reference server's post-processing decides it.
 *
 * @param obfuscateIpAddresses store dumps and features with IP addresses obfuscated ({@code RTCSTATS_OBFUSCATE_IP_ADDRESSES})
 * @param geoipDatabase        MaxMind-format city database for the reference's geolocation
 *                             ({@code RTCSTATS_GEOIP_DATABASE}); empty for none
 */
public record PrivacySettings(boolean obfuscateIpAddresses, Optional<Path> geoipDatabase) {
    public PrivacySettings {
        Objects.requireNonNull(geoipDatabase, "geoipDatabase");
    }

    static PrivacySettings fromEnv(Env env) {
        return new PrivacySettings(env.bool("RTCSTATS_OBFUSCATE_IP_ADDRESSES", true), geoipDatabase(env));
    }

    private static Optional<Path> geoipDatabase(Env env) {
        String path = env.string("RTCSTATS_GEOIP_DATABASE", "");
        if (path.isBlank()) {
            return Optional.empty();
        }
        if (!Files.isReadable(Path.of(path))) {
            throw new ConfigException("RTCSTATS_GEOIP_DATABASE is not a readable file: " + path);
        }
        return Optional.of(Path.of(path));
    }
}

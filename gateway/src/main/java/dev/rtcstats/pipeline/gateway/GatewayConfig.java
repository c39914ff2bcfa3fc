package dev.rtcstats.pipeline.gateway;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the gateway reads from its environment, validated once at start, in small groups that each check
 * themselves. Every invalid value fails with a {@link ConfigException} that names the variable; {@link #builder}
 * gives tests the defaults without an environment.
 *
 * @param gatewayId            the {@code gateway} tag on every record ({@code GATEWAY_ID}, default {@code $HOSTNAME})
 * @param obfuscateIpAddresses whether {@code remoteAddresses} are obfuscated like the reference does
 *                             ({@code RTCSTATS_OBFUSCATE_IP_ADDRESSES}, shared with the enricher)
 */
public record GatewayConfig(
        String gatewayId,
        ListenerSettings listener,
        AuthSettings auth,
        Limits limits,
        Timeouts timeouts,
        UploadSettings upload,
        KafkaSettings kafka,
        boolean obfuscateIpAddresses) {

    /** The broker's default {@code transaction.max.timeout.ms} (15 min) less a minute for the commit itself. */
    static final long MAX_UPLOAD_TIMEOUT_MILLIS = 14 * 60_000L;

    public GatewayConfig {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(kafka, "kafka");
        if (gatewayId.isBlank()) {
            throw new ConfigException("GATEWAY_ID must not be blank");
        }
        if (limits.maxInflightBytes() > kafka.bufferBytes()) {
            // Otherwise send() would block on a full producer buffer before the gateway pauses any socket.
            throw new ConfigException("GATEWAY_MAX_INFLIGHT_BYTES (" + limits.maxInflightBytes()
                    + ") must not exceed KAFKA_BUFFER_BYTES (" + kafka.bufferBytes() + ")");
        }
        if (upload.timeout().toMillis() > MAX_UPLOAD_TIMEOUT_MILLIS) {
            throw new ConfigException("GATEWAY_UPLOAD_TIMEOUT must be at most 14m, the broker's longest transaction"
                    + " less a minute, got " + upload.timeout());
        }
    }

    public static GatewayConfig fromEnv(Map<String, String> variables) {
        if (variables.containsKey("GATEWAY_OBFUSCATE_IP_ADDRESSES")) {
            // The enricher obfuscates the dump itself now; one switch covers both, so an old "false" must not
            // silently leave the dump obfuscated and the metadata line not.
            throw new ConfigException("GATEWAY_OBFUSCATE_IP_ADDRESSES is now RTCSTATS_OBFUSCATE_IP_ADDRESSES, shared "
                    + "by the gateway and the enricher; set that instead");
        }
        Env env = new Env(variables);
        return new GatewayConfig(
                env.string("GATEWAY_ID", env.string("HOSTNAME", "gateway")),
                ListenerSettings.fromEnv(env),
                AuthSettings.fromEnv(env),
                Limits.fromEnv(env),
                Timeouts.fromEnv(env),
                UploadSettings.fromEnv(env),
                KafkaSettings.fromEnv(env),
                env.bool("RTCSTATS_OBFUSCATE_IP_ADDRESSES", true));
    }

    /** Every default, with auth off and the upload disabled: what tests start from. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers, "HOSTNAME", "gateway")));
    }

    /** Replaces whole groups of a valid configuration; {@link #build()} validates the result again. */
    public static final class Builder {
        private String gatewayId;
        private ListenerSettings listener;
        private AuthSettings auth;
        private Limits limits;
        private Timeouts timeouts;
        private UploadSettings upload;
        private KafkaSettings kafka;
        private boolean obfuscateIpAddresses;

        private Builder(GatewayConfig base) {
            gatewayId = base.gatewayId();
            listener = base.listener();
            auth = base.auth();
            limits = base.limits();
            timeouts = base.timeouts();
            upload = base.upload();
            kafka = base.kafka();
            obfuscateIpAddresses = base.obfuscateIpAddresses();
        }

        public Builder gatewayId(String value) {
            gatewayId = value;
            return this;
        }

        public Builder listener(ListenerSettings value) {
            listener = value;
            return this;
        }

        public Builder auth(AuthSettings value) {
            auth = value;
            return this;
        }

        public Builder limits(Limits value) {
            limits = value;
            return this;
        }

        public Builder timeouts(Timeouts value) {
            timeouts = value;
            return this;
        }

        public Builder upload(UploadSettings value) {
            upload = value;
            return this;
        }

        public Builder kafka(KafkaSettings value) {
            kafka = value;
            return this;
        }

        public Builder obfuscateIpAddresses(boolean value) {
            obfuscateIpAddresses = value;
            return this;
        }

        public GatewayConfig build() {
            return new GatewayConfig(gatewayId, listener, auth, limits, timeouts, upload, kafka, obfuscateIpAddresses);
        }
    }
}

package dev.rtcstats.pipeline.enricher.replay;

import dev.rtcstats.pipeline.common.ConfigException;
import dev.rtcstats.pipeline.common.Env;
import dev.rtcstats.pipeline.enricher.EnricherConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.zip.CRC32;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What one replay run does: the enricher's configuration with the replay's processing version, the time range of
 * the opens to replay, an optional conference, and how often progress is reported.
 *
 * @param enricher         the enricher configuration from the environment, with {@code --version} as its version
 * @param from             opens at or after this instant are replayed
 * @param to               opens before this instant are replayed
 * @param conference       only this conference tag, or null for all
 * @param progressInterval how often a progress line is logged and printed
 */
public record ReplayConfig(
        EnricherConfig enricher, Instant from, Instant to, String conference, Duration progressInterval) {
    public static final String USAGE = """
            usage: ReplayMain --from <instant> --to <instant> --version <n> [--conference <tag>]
              --from, --to    ISO-8601 instants, e.g. 2026-11-01T00:00:00Z: connections opened in [from, to)
              --version       processing version written on the outputs; greater than 0 and than the live one
              --conference    replay only connections with this conference tag
            environment: KAFKA_BOOTSTRAP_SERVERS (required), the ENRICHER_* variables of the enricher,
                         REPLAY_PROGRESS_INTERVAL (default 5s)""";
    private static final List<String> OPTIONS = List.of("--from", "--to", "--version", "--conference");
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_CONFERENCE_IN_ID = 40;

    public ReplayConfig {
        Objects.requireNonNull(enricher, "enricher");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (!from.isBefore(to)) {
            throw new ConfigException("--from (" + from + ") must be before --to (" + to + ")");
        }
        if (progressInterval.toMillis() < 100) {
            throw new ConfigException("REPLAY_PROGRESS_INTERVAL must be at least 100ms, got " + progressInterval);
        }
    }

    /** Reads the command line and the environment; every problem is a {@link ConfigException} naming the input. */
    public static ReplayConfig parse(List<String> args, Map<String, String> variables) {
        Map<String, String> options = options(args);
        for (String required : List.of("--from", "--to", "--version")) {
            if (!options.containsKey(required)) {
                throw new ConfigException(required + " is required");
            }
        }
        long version = version(options.get("--version"));
        String live = variables.get("ENRICHER_PROCESSING_VERSION");
        EnricherConfig enricher = EnricherConfig.fromEnv(variables);
        if (live != null && !live.isBlank() && version <= enricher.processingVersion()) {
            throw new ConfigException("--version must be greater than ENRICHER_PROCESSING_VERSION ("
                    + enricher.processingVersion() + "), or the sink keeps the rows it has, got " + version);
        }
        String conference = options.get("--conference");
        if (conference != null && conference.isBlank()) {
            throw new ConfigException("--conference must not be blank");
        }
        return new ReplayConfig(
                enricher.withProcessingVersion(version),
                instant("--from", options.get("--from")),
                instant("--to", options.get("--to")),
                conference,
                new Env(variables).duration("REPLAY_PROGRESS_INTERVAL", Duration.ofSeconds(5)));
    }

    public long version() {
        return enricher.processingVersion();
    }

    /**
     * The Kafka Streams application id, a function of the arguments only: a rerun of the same command resumes the
     * same consumer group and state, and no replay ever shares them with the live enricher ({@code <name>-v<n>}).
     */
    public String applicationId() {
        StringBuilder id = new StringBuilder(enricher.kafka().applicationName())
                .append("-replay-v")
                .append(version())
                .append('-')
                .append(idTime(from))
                .append('-')
                .append(idTime(to));
        if (conference != null) {
            id.append('-').append(idConference(conference));
        }
        return id.toString();
    }

    /** The enricher's Kafka Streams configuration under the replay's application id. */
    public Properties streamsProperties() {
        Properties props = enricher.streamsProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        return props;
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!OPTIONS.contains(name)) {
                throw new ConfigException("unknown argument '" + arg + "'");
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException(name + " needs a value");
            }
            if (options.put(name, value) != null) {
                throw new ConfigException(name + " is given twice");
            }
        }
        return options;
    }

    private static long version(String text) {
        long version;
        try {
            version = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("--version must be a whole number, got '" + text + "'");
        }
        if (version <= 0) {
            throw new ConfigException("--version must be greater than 0, got " + version);
        }
        return version;
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z, got '" + text + "'");
        }
    }

    private static String idTime(Instant instant) {
        String text = ID_TIME.format(instant);
        int millis = instant.getNano() / 1_000_000;
        return millis == 0 ? text + "Z" : text + "." + String.format("%03d", millis) + "Z";
    }

    /** Application ids allow letters, digits, '.', '_' and '-': anything else is replaced and a checksum added. */
    private static String idConference(String conference) {
        String safe = conference.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.equals(conference) && safe.length() <= MAX_CONFERENCE_IN_ID) {
            return safe;
        }
        CRC32 crc = new CRC32();
        crc.update(conference.getBytes(StandardCharsets.UTF_8));
        return safe.substring(0, Math.min(safe.length(), MAX_CONFERENCE_IN_ID)) + "-"
                + HexFormat.of().toHexDigits((int) crc.getValue());
    }
}

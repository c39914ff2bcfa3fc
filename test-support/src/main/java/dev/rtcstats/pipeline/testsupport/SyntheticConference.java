package dev.rtcstats.pipeline.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A made-up conference written straight into the sink's tables, for page tests and the console benchmark: each
 * participant joins and leaves at its own time, sends one video and one audio stream, receives three video streams
 * and one audio stream, and reports about a hundred getStats values a second (counters that grow, gauges that wave,
 * a bandwidth-limited stretch, some loss). Generated inside ClickHouse with one {@code INSERT ... SELECT} per table.
 */
public record SyntheticConference(String tenant, String conference, int participants, Duration length, Instant start) {
    /** Report id, type, metric, kind ({@code c} counter per second, {@code g} gauge) and its scale. */
    private record Metric(String reportId, String type, String metric, char kind, double scale) {}

    private static final List<Metric> METRICS = metrics();

    public SyntheticConference {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(conference, "conference");
        if (participants < 1 || length.toSeconds() < 60) {
            throw new IllegalArgumentException("at least one participant and one minute");
        }
    }

    /** Getstats values per participant and second. */
    public static int metricsPerSecond() {
        return METRICS.size();
    }

    /** Connection id of participant {@code p}. */
    public String connectionId(int p) {
        return conference + "-conn-" + p;
    }

    /** Inserts sessions, client and connection features, and the time series; returns the time-series sample count. */
    public long insert(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "default", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sessions());
            statement.execute(clientFeatures());
            statement.execute(connectionFeatures());
            statement.execute(timeseries());
            return (long) participants * length.toSeconds() * METRICS.size();
        }
    }

    /** Shared columns of participant {@code p}: join and leave seconds inside the conference. */
    private String participantsTable() {
        long seconds = length.toSeconds();
        return String.format(
                Locale.ROOT,
                "(SELECT number AS p, (p * 37) %% 300 AS join_s, %d - (p * 53) %% 400 AS leave_s,"
                        + " '%s' AS tenant, '%s' AS conference, concat('user-', toString(p)) AS user,"
                        + " concat('%s-session-', toString(p)) AS session, concat('%s-conn-', toString(p)) AS connection_id,"
                        + " fromUnixTimestamp64Milli(toInt64(%d + join_s * 1000)) AS session_start"
                        + " FROM numbers(%d))",
                seconds,
                sql(tenant),
                sql(conference),
                sql(conference),
                sql(conference),
                start.toEpochMilli(),
                participants);
    }

    private String sessions() {
        return "INSERT INTO sessions (tenant, conference, user, session, connection_id, session_start, session_end,"
                + " gateway, message_count, close_code, closed_by, user_agent, origin, client_protocol, dump_bytes,"
                + " blob_key, blob_url, format, version)"
                + " SELECT tenant, conference, user, session, connection_id, session_start,"
                + " fromUnixTimestamp64Milli(toInt64(" + start.toEpochMilli() + " + leave_s * 1000)), 'gw-1',"
                + " leave_s - join_s, if(p % 9 = 4, 1006, 1000), if(p % 9 = 4, 'timeout', 'client'),"
                + " if(p % 3 = 0, 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',"
                + " 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/156.0.0.0 Safari/537.36'), 'https://meet.example', 'rtcstats#5.0', 1000000,"
                + " concat(connection_id, '.gz'), concat('http://s3/', connection_id, '.gz'), 1, 1"
                + " FROM " + participantsTable();
    }

    private String clientFeatures() {
        return "INSERT INTO features_client (tenant, conference, user, session, connection_id, session_start, version,"
                + " operating_system) SELECT tenant, conference, user, session, connection_id, session_start, 1,"
                + " if(p % 3 = 0, 'Linux', 'Windows') FROM " + participantsTable();
    }

    private String connectionFeatures() {
        return "INSERT INTO features_connection (tenant, conference, user, session, connection_id, session_start,"
                + " version, connection_identifier, connected, ice_connected, ice_connection_time, connection_time,"
                + " first_candidate_pair_local_type, first_candidate_pair_remote_type,"
                + " first_candidate_pair_local_protocol, first_candidate_pair_local_relay_protocol,"
                + " average_stun_round_trip_time) SELECT tenant, conference, user, session, connection_id,"
                + " session_start, 1, 'PC_0', true, true, 40 + p * 7 % 400, 60 + p * 7 % 400,"
                + " if(p % 5 = 2, 'relay', 'srflx'), 'host', 'udp', if(p % 5 = 2, 'tls', NULL),"
                + " 0.02 + (p % 10) / 200 FROM " + participantsTable();
    }

    private String timeseries() {
        List<String> tuples = new ArrayList<>();
        for (Metric metric : METRICS) {
            tuples.add(String.format(
                    Locale.ROOT,
                    "('%s', '%s', '%s', '%s', %s)",
                    metric.reportId(),
                    metric.type(),
                    metric.metric(),
                    metric.kind(),
                    metric.scale()));
        }
        // Counters grow by scale per second with a wave; bandwidth-limited for two minutes somewhere per participant.
        String limited = "greatest(0, least(s - (p * 151) % 3400, 120))";
        String value = "multiIf("
                + "m.3 = 'qualityLimitationDurations.bandwidth', " + limited + ", "
                + "m.3 = 'qualityLimitationDurations.none', s - " + limited + ", "
                + "m.3 = 'packetsLost', floor(s * m.5 * (p % 7) / 6), "
                + "m.5 = 0, 0, "
                + "m.4 = 'c', m.5 * (s + 20 * sin(s / 45 + p)) * (1 + (p % 4) / 10), "
                + "m.5 * (1 + 0.3 * sin(s / 30 + p)) * (1 + (p % 5) / 10))";
        // stats_reports holds every value of a report at one time in one row, as the sink writes it.
        return "INSERT INTO stats_reports (tenant, conference, session, connection_id, session_start,"
                + " peer_connection, type, report_id, ts, metrics, version)"
                + " SELECT tenant, conference, session, connection_id, session_start, peer_connection, type,"
                + " report_id, ts, mapFromArrays(groupArray(metric), groupArray(value)), 1 FROM ("
                + " SELECT tenant, conference, session, connection_id, session_start, 'PC_0' AS peer_connection,"
                + " m.1 AS report_id, m.2 AS type, m.3 AS metric,"
                + " fromUnixTimestamp64Milli(toInt64(" + start.toEpochMilli() + " + s * 1000)) AS ts, toFloat64("
                + value + ") AS value"
                + " FROM " + participantsTable() + " AS participant"
                + " ARRAY JOIN range(toUInt32(join_s), toUInt32(leave_s)) AS s"
                + " ARRAY JOIN [" + String.join(", ", tuples) + "] AS m)"
                + " GROUP BY tenant, conference, session, connection_id, session_start, peer_connection, type,"
                + " report_id, ts";
    }

    private static List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>();
        add(
                metrics,
                "OT01V1",
                "outbound-rtp",
                'c',
                "bytesSent=150000 packetsSent=130 framesEncoded=30"
                        + " totalEncodeTime=0.15 headerBytesSent=3000 retransmittedBytesSent=500 nackCount=0.2"
                        + " qualityLimitationDurations.none=1 qualityLimitationDurations.bandwidth=1"
                        + " qualityLimitationDurations.cpu=0 qualityLimitationDurations.other=0");
        add(
                metrics,
                "OT01V1",
                "outbound-rtp",
                'g',
                "framesPerSecond=30 frameWidth=1280 frameHeight=720" + " targetBitrate=1200000");
        add(metrics, "OT01A1", "outbound-rtp", 'c', "bytesSent=4000 packetsSent=50 headerBytesSent=600");
        for (String stream : List.of("IT01V1", "IT01V2", "IT01V3")) {
            add(
                    metrics,
                    stream,
                    "inbound-rtp",
                    'c',
                    "bytesReceived=100000 packetsReceived=90 packetsLost=0.9"
                            + " framesDecoded=30 totalDecodeTime=0.1 jitterBufferDelay=3 jitterBufferEmittedCount=30"
                            + " headerBytesReceived=2000 nackCount=0.3");
            add(metrics, stream, "inbound-rtp", 'g', "jitter=0.01 framesPerSecond=30 frameWidth=640 frameHeight=360");
        }
        add(
                metrics,
                "IT01A1",
                "inbound-rtp",
                'c',
                "bytesReceived=4000 packetsReceived=50 packetsLost=0.5"
                        + " concealedSamples=10 totalSamplesReceived=48000 jitterBufferDelay=2 headerBytesReceived=600");
        add(metrics, "IT01A1", "inbound-rtp", 'g', "jitter=0.005 audioLevel=0.1");
        add(
                metrics,
                "CP01",
                "candidate-pair",
                'c',
                "bytesSent=160000 bytesReceived=310000 packetsSent=180"
                        + " packetsReceived=330 totalRoundTripTime=0.04 requestsSent=0.4 responsesReceived=0.4");
        add(metrics, "CP01", "candidate-pair", 'g', "currentRoundTripTime=0.04 availableOutgoingBitrate=2500000");
        for (String stream : List.of("RI01V1", "RI01A1")) {
            add(metrics, stream, "remote-inbound-rtp", 'g', "roundTripTime=0.04 fractionLost=0.01 jitter=0.01");
            add(metrics, stream, "remote-inbound-rtp", 'c', "packetsLost=0.5 roundTripTimeMeasurements=1");
        }
        add(
                metrics,
                "T01",
                "transport",
                'c',
                "bytesSent=160000 bytesReceived=310000 packetsSent=180" + " packetsReceived=330");
        add(metrics, "SV1", "media-source", 'g', "framesPerSecond=30 width=1280 height=720");
        add(metrics, "SV1", "media-source", 'c', "frames=30");
        add(metrics, "SA1", "media-source", 'g', "audioLevel=0.1");
        add(metrics, "SA1", "media-source", 'c', "totalAudioEnergy=0.01 totalSamplesDuration=1");
        return List.copyOf(metrics);
    }

    /** {@code spec} is {@code name=scale} pairs separated by spaces. */
    private static void add(List<Metric> metrics, String report, String type, char kind, String spec) {
        for (String pair : spec.split(" ")) {
            int eq = pair.indexOf('=');
            metrics.add(
                    new Metric(report, type, pair.substring(0, eq), kind, Double.parseDouble(pair.substring(eq + 1))));
        }
    }

    private static String sql(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }
}

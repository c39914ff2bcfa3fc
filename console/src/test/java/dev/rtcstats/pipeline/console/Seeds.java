package dev.rtcstats.pipeline.console;

import java.sql.SQLException;

/** Rows as the sink writes them, inserted straight into the console's test database. */
final class Seeds {
    private final String url;

    Seeds(String url) {
        this.url = url;
    }

    /** A closed connection in {@code sessions}, its dump under {@code <connectionId>.gz}, and a client feature row. */
    void session(
            String tenant,
            String conference,
            String user,
            String session,
            String connectionId,
            long startMillis,
            long endMillis,
            int closeCode)
            throws SQLException {
        ClickHouseSchema.execute(
                url,
                "INSERT INTO sessions (tenant, conference, user, session, connection_id, session_start, session_end,"
                        + " gateway, message_count, close_code, closed_by, user_agent, origin, client_protocol,"
                        + " dump_bytes, blob_key, blob_url, format, version) VALUES ("
                        + String.join(
                                ", ",
                                quote(tenant),
                                quote(conference),
                                quote(user),
                                quote(session),
                                quote(connectionId),
                                millis(startMillis),
                                millis(endMillis),
                                "'gw-test'",
                                "42",
                                Integer.toString(closeCode),
                                closeCode == 1006 ? "'timeout'" : "'client'",
                                "'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                                        + " Chrome/156.0.0.0 Safari/537.36'",
                                "'https://meet.example'",
                                "'rtcstats#5.0'",
                                "1000",
                                quote(connectionId + ".gz"),
                                quote("http://s3/" + connectionId + ".gz"),
                                "1",
                                "1")
                        + ")");
        ClickHouseSchema.execute(
                url,
                "INSERT INTO features_client (tenant, conference, user, session, connection_id, session_start, version,"
                        + " operating_system) VALUES ("
                        + String.join(
                                ", ",
                                quote(tenant),
                                quote(conference),
                                quote(user),
                                quote(session),
                                quote(connectionId),
                                millis(startMillis),
                                "1",
                                "'Linux'")
                        + ")");
    }

    /** A peer connection {@code PC_0} that connected over a TURN relay after 120 ms of ICE, with a failed SDP call. */
    void relayedPeerConnection(String tenant, String conference, String user, String session, String connectionId)
            throws SQLException {
        ClickHouseSchema.execute(
                url,
                "INSERT INTO features_connection (tenant, conference, user, session, connection_id, session_start,"
                        + " version, connection_identifier, connected, ice_connected, ice_connection_time,"
                        + " first_candidate_pair_local_type, first_candidate_pair_remote_type,"
                        + " first_candidate_pair_local_relay_protocol, average_stun_round_trip_time,"
                        + " set_remote_description_failure) VALUES ("
                        + String.join(
                                ", ",
                                quote(tenant),
                                quote(conference),
                                quote(user),
                                quote(session),
                                quote(connectionId),
                                "now64(3)",
                                "1",
                                "'PC_0'",
                                "true",
                                "true",
                                "120",
                                "'relay'",
                                "'host'",
                                "'udp'",
                                "0.0421",
                                "'InvalidModificationError'")
                        + ")");
    }

    /**
     * {@code count} samples, one per second from {@code startMillis}, of one metric of one report: {@code value} is
     * a ClickHouse expression of {@code number}, the sample's index.
     */
    void stats(
            String tenant,
            String conference,
            String session,
            String connectionId,
            long sessionStartMillis,
            String type,
            String reportId,
            String metric,
            long startMillis,
            int count,
            String value)
            throws SQLException {
        // A row of stats_reports holds every value of a report at one time: this metric's values are merged into
        // the rows earlier calls wrote for the same report, and the merged rows, inserted last, replace them.
        String added = "SELECT "
                + String.join(
                        ", ",
                        quote(tenant) + " AS tenant",
                        quote(conference) + " AS conference",
                        quote(session) + " AS session",
                        quote(connectionId) + " AS connection_id",
                        millis(sessionStartMillis) + " AS session_start",
                        "'PC_0' AS peer_connection",
                        quote(reportId) + " AS report_id",
                        quote(type) + " AS type",
                        quote(metric) + " AS metric",
                        "fromUnixTimestamp64Milli(toInt64(" + startMillis + " + number * 1000)) AS ts",
                        "toFloat64(" + value + ") AS value")
                + " FROM numbers(" + count + ")";
        String earlier = "SELECT tenant, conference, session, connection_id, session_start, peer_connection,"
                + " report_id, type, metric, ts, value FROM stats_samples WHERE connection_id = "
                + quote(connectionId) + " AND report_id = " + quote(reportId) + " AND type = " + quote(type);
        ClickHouseSchema.execute(
                url,
                "INSERT INTO stats_reports (tenant, conference, session, connection_id, session_start,"
                        + " peer_connection, type, report_id, ts, metrics, version)"
                        + " SELECT tenant, conference, session, connection_id, session_start, peer_connection, type,"
                        + " report_id, ts, mapFromArrays(groupArray(metric), groupArray(value)), 1"
                        + " FROM (" + earlier + " UNION ALL " + added + ")"
                        + " GROUP BY tenant, conference, session, connection_id, session_start, peer_connection,"
                        + " type, report_id, ts");
    }

    private static String millis(long epochMillis) {
        return "fromUnixTimestamp64Milli(toInt64(" + epochMillis + "))";
    }

    /** Test values are fixed strings; the console's own queries bind parameters instead. */
    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

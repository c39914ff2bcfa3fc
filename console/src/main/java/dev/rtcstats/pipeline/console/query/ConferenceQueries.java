package dev.rtcstats.pipeline.console.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sessions and feature queries behind search and the conference page. Every query starts its filter with the
 * sort key's {@code tenant = ? AND conference = ?} (or the tenant and a time range for search), reads only the
 * columns it shows, and binds every value as a parameter.
 */
public final class ConferenceQueries {
    /** The most connections a conference page lists. */
    static final int MAX_PARTICIPANTS = 1000;

    private static final String SEARCH = """
            SELECT conference, user, session, connection_id, toUnixTimestamp64Milli(session_start) AS start_ms,
                   toUnixTimestamp64Milli(session_end) AS end_ms, close_code, closed_by, user_agent
            FROM sessions FINAL
            WHERE tenant = ? AND session_start >= fromUnixTimestamp64Milli(?) AND session_start < fromUnixTimestamp64Milli(?)
            """;

    private static final String PARTICIPANTS = """
            SELECT connection_id, user, session, toUnixTimestamp64Milli(session_start) AS start_ms,
                   toUnixTimestamp64Milli(session_end) AS end_ms, close_code, closed_by, user_agent, origin, gateway,
                   message_count, dump_bytes, blob_key
            FROM sessions FINAL
            WHERE tenant = ? AND conference = ?
            ORDER BY session_start, connection_id
            LIMIT ?
            """;

    private static final String CLIENT_FEATURES = """
            SELECT connection_id, operating_system
            FROM features_client FINAL
            WHERE tenant = ? AND conference = ?
            """;

    private static final String CONNECTION_FEATURES = """
            SELECT connection_id, connection_identifier, connected, ice_connected, ice_connection_time,
                   connection_time, first_candidate_pair_local_type, first_candidate_pair_remote_type,
                   first_candidate_pair_local_protocol, first_candidate_pair_local_relay_protocol,
                   average_stun_round_trip_time, ice_restart, add_ice_candidate_failure,
                   set_local_description_failure, set_remote_description_failure
            FROM features_connection FINAL
            WHERE tenant = ? AND conference = ?
            ORDER BY connection_id, connection_identifier
            """;

    private static final String DUMP_KEY = """
            SELECT blob_key
            FROM sessions FINAL
            WHERE tenant = ? AND conference = ? AND connection_id = ?
            """;

    private final ClickHouseReader clickhouse;

    public ConferenceQueries(ClickHouseReader clickhouse) {
        this.clickhouse = clickhouse;
    }

    public List<SessionSummary> search(String tenant, SearchCriteria criteria) throws SQLException {
        StringBuilder sql = new StringBuilder(SEARCH);
        List<Object> parameters = new ArrayList<>(
                List.of(tenant, criteria.from().toEpochMilli(), criteria.to().toEpochMilli()));
        constrain(sql, parameters, "conference", criteria.conference());
        constrain(sql, parameters, "user", criteria.user());
        constrain(sql, parameters, "session", criteria.session());
        sql.append("ORDER BY session_start DESC, connection_id LIMIT ?");
        parameters.add(criteria.limit());
        return clickhouse.query(
                QueryName.SEARCH,
                sql.toString(),
                parameters,
                row -> new SessionSummary(
                        row.getString("conference"),
                        row.getString("user"),
                        row.getString("session"),
                        row.getString("connection_id"),
                        row.getLong("start_ms"),
                        row.getLong("end_ms"),
                        row.getInt("close_code"),
                        row.getString("closed_by"),
                        UserAgents.browser(row.getString("user_agent"))));
    }

    private static void constrain(StringBuilder sql, List<Object> parameters, String column, String value) {
        if (value != null) {
            sql.append("  AND ").append(column).append(" = ?\n");
            parameters.add(value);
        }
    }

    /** The conference of {@code tenant}, or empty when the tenant has no connection in it. */
    public Optional<ConferenceView> conference(String tenant, String conference) throws SQLException {
        List<Object> key = List.of(tenant, conference);
        List<SessionRow> sessions = clickhouse.query(
                QueryName.PARTICIPANTS,
                PARTICIPANTS,
                List.of(tenant, conference, MAX_PARTICIPANTS + 1),
                ConferenceQueries::sessionRow);
        if (sessions.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> systems = new HashMap<>();
        for (String[] row : clickhouse.query(QueryName.CLIENT_FEATURES, CLIENT_FEATURES, key, row ->
                new String[] {row.getString("connection_id"), row.getString("operating_system")})) {
            systems.put(row[0], row[1]);
        }
        Map<String, List<PeerConnectionSummary>> peerConnections = new HashMap<>();
        for (Map.Entry<String, PeerConnectionSummary> row :
                clickhouse.query(QueryName.CONNECTION_FEATURES, CONNECTION_FEATURES, key, PeerConnectionRows::read)) {
            peerConnections
                    .computeIfAbsent(row.getKey(), id -> new ArrayList<>())
                    .add(row.getValue());
        }
        boolean truncated = sessions.size() > MAX_PARTICIPANTS;
        List<Participant> participants = new ArrayList<>();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (SessionRow session : truncated ? sessions.subList(0, MAX_PARTICIPANTS) : sessions) {
            participants.add(session.toParticipant(
                    systems.get(session.connectionId()),
                    peerConnections.getOrDefault(session.connectionId(), List.of())));
            start = Math.min(start, session.start());
            end = Math.max(end, session.end());
        }
        return Optional.of(new ConferenceView(tenant, conference, start, end, participants, truncated));
    }

    /** The object key of a connection's dump, if the connection is in this tenant's conference. */
    public Optional<String> dumpKey(String tenant, String conference, String connectionId) throws SQLException {
        return clickhouse
                .query(
                        QueryName.DUMP_KEY,
                        DUMP_KEY,
                        List.of(tenant, conference, connectionId),
                        row -> row.getString("blob_key"))
                .stream()
                .filter(key -> !key.isEmpty())
                .findFirst();
    }

    private static SessionRow sessionRow(ResultSet row) throws SQLException {
        return new SessionRow(
                row.getString("connection_id"),
                row.getString("user"),
                row.getString("session"),
                row.getLong("start_ms"),
                row.getLong("end_ms"),
                row.getInt("close_code"),
                row.getString("closed_by"),
                row.getString("user_agent"),
                row.getString("origin"),
                row.getString("gateway"),
                row.getLong("message_count"),
                row.getLong("dump_bytes"),
                row.getString("blob_key"));
    }

    private record SessionRow(
            String connectionId,
            String user,
            String session,
            long start,
            long end,
            int closeCode,
            String closedBy,
            String userAgent,
            String origin,
            String gateway,
            long messages,
            long dumpBytes,
            String blobKey) {
        Participant toParticipant(String operatingSystem, List<PeerConnectionSummary> peerConnections) {
            return new Participant(
                    connectionId,
                    user,
                    session,
                    start,
                    end,
                    closeCode,
                    closedBy,
                    UserAgents.browser(userAgent),
                    operatingSystem,
                    userAgent,
                    origin,
                    gateway,
                    messages,
                    dumpBytes,
                    blobKey != null && !blobKey.isEmpty(),
                    peerConnections);
        }
    }
}

package dev.rtcstats.pipeline.console.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a {@code features_connection} row into the summary the conference page shows. */
final class PeerConnectionRows {
    private static final String RELAY = "relay";

    private PeerConnectionRows() {}

    static Map.Entry<String, PeerConnectionSummary> read(ResultSet row) throws SQLException {
        Boolean connected = bool(row, "connected");
        Boolean iceConnected = bool(row, "ice_connected");
        String localType = row.getString("first_candidate_pair_local_type");
        String remoteType = row.getString("first_candidate_pair_remote_type");
        List<String> failures = new ArrayList<>();
        failure(failures, "addIceCandidate failed", row.getString("add_ice_candidate_failure"));
        failure(failures, "setLocalDescription failed", row.getString("set_local_description_failure"));
        failure(failures, "setRemoteDescription failed", row.getString("set_remote_description_failure"));
        if (Boolean.FALSE.equals(iceConnected)) {
            failures.add("ICE never connected");
        } else if (Boolean.FALSE.equals(connected)) {
            failures.add("never connected");
        }
        Double stunSeconds = number(row, "average_stun_round_trip_time");
        PeerConnectionSummary summary = new PeerConnectionSummary(
                row.getString("connection_identifier"),
                connected,
                whole(row, "ice_connection_time"),
                whole(row, "connection_time"),
                localType,
                remoteType,
                row.getString("first_candidate_pair_local_protocol"),
                row.getString("first_candidate_pair_local_relay_protocol"),
                RELAY.equals(localType) || RELAY.equals(remoteType),
                stunSeconds == null ? null : Math.round(stunSeconds * 10_000) / 10.0,
                bool(row, "ice_restart"),
                failures);
        return new AbstractMap.SimpleImmutableEntry<>(row.getString("connection_id"), summary);
    }

    private static void failure(List<String> failures, String what, String detail) {
        if (detail != null && !detail.isEmpty()) {
            failures.add(what + ": " + detail);
        }
    }

    private static Boolean bool(ResultSet row, String column) throws SQLException {
        boolean value = row.getBoolean(column);
        return row.wasNull() ? null : value;
    }

    private static Long whole(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static Double number(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() || !Double.isFinite(value) ? null : value;
    }
}

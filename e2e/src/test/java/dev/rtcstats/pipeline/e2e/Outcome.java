package dev.rtcstats.pipeline.e2e;

import dev.rtcstats.pipeline.common.DeadLetter;
import dev.rtcstats.pipeline.common.FeaturesStatus;
import java.util.List;

/** What must become of a hostile input, as the design handles it; {@link OutcomeCheck} verifies each. */
sealed interface Outcome {

    /** The server's close frame carried this code; -1: the connection was cut without one. */
    record ClosedWith(int code) implements Outcome {}

    /** The upgrade was refused (an HTTP answer other than 101, or the connection cut during the handshake). */
    record UpgradeRefused() implements Outcome {}

    /** The HTTP statuses of the case's requests, in order. */
    record HttpStatuses(List<Integer> statuses) implements Outcome {
        public HttpStatuses {
            statuses = List.copyOf(statuses);
        }
    }

    /**
     * The dead-letter topic holds a record of the case's connection with this stage and reason. The dead letters of
     * a case are exactly those its outcomes list: a case without this outcome has none.
     */
    record DeadLettered(DeadLetter.Stage stage, String reason) implements Outcome {}

    /** The {@code sessions} row of the case's connection says this about its features ({@code reason} null: none). */
    record Features(FeaturesStatus status, String reason) implements Outcome {}

    /** The {@code sessions} row of the case's connection has this value in {@code column}. */
    record SessionColumn(String column, String value) implements Outcome {}

    /** No {@code sessions} row of the case's connection: nothing of it could be stored as a row. */
    record NoSessionRow() implements Outcome {}

    /** The connection's dump is in S3, evidence of what it sent, with this many frame lines (-1: any). */
    record DumpStored(int frames) implements Outcome {}

    /** The stored dump does not contain {@code text} (a value the client tried to impose). */
    record DumpLacks(String text) implements Outcome {}

    /** The gateway published nothing for the case: no open, so no dump and no row. */
    record NothingPublished() implements Outcome {}

    /** The sink adjusted at least one value with this check ({@code rtcstats.sink.values.adjusted{check}}). */
    record ValuesAdjusted(String check) implements Outcome {}

    /** The gateway counted a refusal with this reason ({@code rtcstats.gateway.rejects{reason}}). */
    record GatewayRejected(String reason) implements Outcome {}
}

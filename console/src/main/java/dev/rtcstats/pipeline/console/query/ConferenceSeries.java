package dev.rtcstats.pipeline.console.query;

import java.util.Map;
import java.util.Objects;

/** Every participant's chart values on one grid, keyed by connection id; a participant without samples is absent. */
public record ConferenceSeries(SeriesGrid grid, Map<String, ParticipantSeries> participants) {
    public ConferenceSeries {
        Objects.requireNonNull(grid, "grid");
        participants = Map.copyOf(participants);
    }
}

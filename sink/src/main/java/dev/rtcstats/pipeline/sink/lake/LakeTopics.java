package dev.rtcstats.pipeline.sink.lake;

import java.util.List;
import java.util.Objects;

/** The input topics the lake reads: the same session, feature and time-series topics as the row sink. */
public record LakeTopics(String sessions, String features, String stats) {
    public LakeTopics {
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(stats, "stats");
    }

    List<String> all() {
        return List.of(sessions, features, stats);
    }
}

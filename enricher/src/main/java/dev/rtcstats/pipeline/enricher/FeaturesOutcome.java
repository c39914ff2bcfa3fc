package dev.rtcstats.pipeline.enricher;

import dev.rtcstats.pipeline.common.FeaturesStatus;
import dev.rtcstats.pipeline.common.SessionRecord;
import dev.rtcstats.pipeline.enricher.features.FeaturesReason;
import java.util.Objects;
import java.util.Optional;

/** What became of a connection's features, as its session record will say. */
record FeaturesOutcome(FeaturesStatus status, Optional<FeaturesReason> reason) {
    static final FeaturesOutcome OK = new FeaturesOutcome(FeaturesStatus.OK, Optional.empty());

    FeaturesOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if (reason.isEmpty() != (status == FeaturesStatus.OK)) {
            throw new IllegalArgumentException("a reason is given exactly when the status is not ok: " + status);
        }
    }

    static FeaturesOutcome truncated(FeaturesReason reason) {
        return new FeaturesOutcome(FeaturesStatus.TRUNCATED, Optional.of(reason));
    }

    static FeaturesOutcome skipped(FeaturesReason reason) {
        return new FeaturesOutcome(FeaturesStatus.SKIPPED, Optional.of(reason));
    }

    static FeaturesOutcome failed(FeaturesReason reason) {
        return new FeaturesOutcome(FeaturesStatus.FAILED, Optional.of(reason));
    }

    SessionRecord applyTo(SessionRecord session) {
        return session.withFeatures(status, reason.map(FeaturesReason::token).orElse(null));
    }
}

package dev.rtcstats.pipeline.console.query;

import java.util.List;

/**
 * A conference of one tenant: its participants ordered by join time, and its span from the first join to the last
 * leave (epoch ms). {@code truncated} says that more connections exist than the console lists.
 */
public record ConferenceView(
        String tenant, String conference, long start, long end, List<Participant> participants, boolean truncated) {
    public ConferenceView {
        participants = List.copyOf(participants);
    }
}

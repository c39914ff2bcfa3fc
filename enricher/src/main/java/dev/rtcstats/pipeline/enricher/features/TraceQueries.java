package dev.rtcstats.pipeline.enricher.features;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Predicate;

/** Lookups over one PeerConnection trace that several feature groups share. */
final class TraceQueries {
    private TraceQueries() {}

    static JsonNode firstValue(List<Event> trace, String type) {
        return trace.stream()
                .filter(e -> e.is(type))
                .findFirst()
                .map(Event::value)
                .orElse(null);
    }

    static boolean hasState(List<Event> trace, String type, String state) {
        return trace.stream().anyMatch(e -> e.is(type) && state.equals(JsonSemantics.text(e.value())));
    }

    /** Time from the first {@code from} state to the next {@code to} state of the same event type. */
    static Long stateTransitionTime(List<Event> trace, String type, String from, String to) {
        int first = indexOf(trace, 0, e -> e.is(type) && from.equals(JsonSemantics.text(e.value())));
        if (first < 0) {
            return null;
        }
        int second = indexOf(trace, first + 1, e -> e.is(type) && to.equals(JsonSemantics.text(e.value())));
        return second < 0
                ? null
                : trace.get(second).timestamp() - trace.get(first).timestamp();
    }

    static int indexOf(List<Event> trace, int from, Predicate<Event> test) {
        for (int i = Math.max(0, from); i < trace.size(); i++) {
            if (test.test(trace.get(i))) {
                return i;
            }
        }
        return -1;
    }
}

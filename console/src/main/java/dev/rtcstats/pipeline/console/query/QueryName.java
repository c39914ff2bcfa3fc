package dev.rtcstats.pipeline.console.query;

import java.util.Locale;

/** Every query the console sends, as the bounded {@code query} tag of {@code rtcstats.console.queries}. */
public enum QueryName {
    PING,
    SEARCH,
    PARTICIPANTS,
    CLIENT_FEATURES,
    CONNECTION_FEATURES,
    SERIES_SPAN,
    SERIES,
    DUMP_KEY;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

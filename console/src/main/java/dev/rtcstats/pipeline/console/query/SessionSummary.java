package dev.rtcstats.pipeline.console.query;

/** One connection found by a search; times are epoch milliseconds (server time). */
public record SessionSummary(
        String conference,
        String user,
        String session,
        String connectionId,
        long start,
        long end,
        int closeCode,
        String closedBy,
        String browser) {}

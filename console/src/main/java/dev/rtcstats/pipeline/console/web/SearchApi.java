package dev.rtcstats.pipeline.console.web;

import dev.rtcstats.pipeline.console.auth.Analyst;
import dev.rtcstats.pipeline.console.query.ConferenceQueries;
import dev.rtcstats.pipeline.console.query.SearchCriteria;
import dev.rtcstats.pipeline.console.query.SessionSummary;
import io.undertow.server.HttpServerExchange;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/search?conference=&user=&session=&from=&to=&limit=}: connections of the analyst's tenant by exact
 * ids, started within {@code [from, to)} (epoch ms; the last 30 days by default), newest first.
 */
final class SearchApi {
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    private final ConferenceQueries queries;
    private final int maxRows;
    private final Clock clock;

    SearchApi(ConferenceQueries queries, int maxRows, Clock clock) {
        this.queries = queries;
        this.maxRows = maxRows;
        this.clock = clock;
    }

    /** The connections found, and whether there were more than {@code limit}. */
    record Results(List<SessionSummary> sessions, boolean truncated) {}

    Results search(HttpServerExchange exchange, Analyst analyst) throws ApiException, SQLException {
        Instant to = Parameters.instant(exchange, "to", clock.instant().plusSeconds(60));
        Instant from = Parameters.instant(exchange, "from", to.minus(DEFAULT_RANGE));
        int limit = Parameters.integer(exchange, "limit", maxRows, 1, maxRows);
        SearchCriteria criteria;
        try {
            criteria = new SearchCriteria(
                    Parameters.optional(exchange, "conference"),
                    Parameters.optional(exchange, "user"),
                    Parameters.optional(exchange, "session"),
                    from,
                    to,
                    limit + 1);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        List<SessionSummary> found = queries.search(analyst.tenant(), criteria);
        return found.size() > limit ? new Results(found.subList(0, limit), true) : new Results(found, false);
    }
}

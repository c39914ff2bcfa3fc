package dev.rtcstats.pipeline.console.web;

import dev.rtcstats.pipeline.console.auth.Analyst;
import dev.rtcstats.pipeline.console.query.ConferenceQueries;
import dev.rtcstats.pipeline.console.query.ConferenceSeries;
import dev.rtcstats.pipeline.console.query.ConferenceView;
import dev.rtcstats.pipeline.console.query.TimeSeriesQueries;
import io.undertow.server.HttpServerExchange;
import java.sql.SQLException;

/**
 * {@code GET /api/conference?conference=} (participants, timeline and features) and
 * {@code GET /api/conference/series?conference=[&connection=][&points=]} (chart values), both within the analyst's
 * tenant: a conference the tenant has no connection in is a 404, whoever else has one.
 */
final class ConferenceApi {
    private final ConferenceQueries conferences;
    private final TimeSeriesQueries series;
    private final int defaultPoints;

    ConferenceApi(ConferenceQueries conferences, TimeSeriesQueries series, int defaultPoints) {
        this.conferences = conferences;
        this.series = series;
        this.defaultPoints = defaultPoints;
    }

    ConferenceView conference(HttpServerExchange exchange, Analyst analyst) throws ApiException, SQLException {
        String conference = Parameters.required(exchange, "conference");
        return conferences
                .conference(analyst.tenant(), conference)
                .orElseThrow(() -> ApiException.notFound("no such conference"));
    }

    ConferenceSeries series(HttpServerExchange exchange, Analyst analyst) throws ApiException, SQLException {
        String conference = Parameters.required(exchange, "conference");
        String connection = Parameters.optional(exchange, "connection");
        int points = Parameters.integer(exchange, "points", defaultPoints, 10, 5 * defaultPoints);
        return series.series(analyst.tenant(), conference, blankToNull(connection), points)
                .orElseThrow(() -> ApiException.notFound("no such conference or connection"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

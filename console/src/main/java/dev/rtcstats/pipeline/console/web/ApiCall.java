package dev.rtcstats.pipeline.console.web;

import dev.rtcstats.pipeline.console.auth.Analyst;
import io.undertow.server.HttpServerExchange;

/** One API operation for an authenticated analyst: the body to send as JSON, or null when it answered itself. */
@FunctionalInterface
interface ApiCall {
    Object answer(HttpServerExchange exchange, Analyst analyst) throws Exception;
}

package dev.llmlab.server.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Locale;

/**
 * Adds {@code Server-Timing: app;dur=<milliseconds>} to the answers of the budget check: the time
 * from the request reaching the route (before the credentials are checked) to its response, errors
 * included, with microsecond resolution. Clients and the load harness read the server's share of a
 * round trip from it.
 */
@ServerFilter("/api/budgets/check")
public final class ServerTiming {
    private static final String STARTED = ServerTiming.class.getName() + ".started";

    /** @param request the request; its arrival is noted on it */
    @RequestFilter
    public void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    /**
     * @param request the request
     * @param response the response about to be written
     */
    @ResponseFilter
    public void stop(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(STARTED, Long.class).ifPresent(t0 -> response.getHeaders().set("Server-Timing",
                String.format(Locale.ROOT, "app;dur=%.3f", (System.nanoTime() - t0) / 1e6)));
    }
}

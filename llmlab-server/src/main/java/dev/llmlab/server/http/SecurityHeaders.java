package dev.llmlab.server.http;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;

/**
 * Adds the same three headers to every response, errors included:
 *
 * <ul>
 *   <li>{@code Cache-Control: no-store}: every answer of the API is account data, and signup,
 *       login and key creation carry a token or an API key; no browser or proxy may keep them. The
 *       one exception is the dashboard's static files (the same for everybody, holding no data),
 *       which mark their response {@link #CACHEABLE} and keep the {@code Cache-Control} they set.
 *   <li>{@code X-Content-Type-Options: nosniff}: a JSON body is never run as a script or page.
 *   <li>{@code Referrer-Policy: no-referrer}: a page of the server never leaks its URL.
 * </ul>
 *
 * <p>Responses written below the framework (the transport's 408, 414 and 431, see
 * the transport guard) add {@link #HEADERS} themselves.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class SecurityHeaders {
    /** The headers every response carries, name to value. */
    public static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    /**
     * The response attribute a handler sets (to {@code true}) on a response that holds no account data
     * and may be cached as its own {@code Cache-Control} says: the dashboard's static files.
     */
    public static final String CACHEABLE = "llmlab.cacheable";

    /**
     * Sets the headers, replacing any value a handler set (but a {@link #CACHEABLE} response's
     * {@code Cache-Control}).
     *
     * @param response the response about to be written; not null
     */
    @ResponseFilter
    public void addTo(MutableHttpResponse<?> response) {
        boolean cacheable = response.getAttribute(CACHEABLE, Boolean.class).orElse(false);
        HEADERS.forEach((name, value) -> {
            if (!(cacheable && name.equals("Cache-Control"))) {
                response.getHeaders().set(name, value);
            }
        });
    }
}

package dev.llmlab.server.auth;

import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.http.ApiException;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * The dashboard's session: the login token in an {@code HttpOnly}, {@code SameSite=Strict} cookie,
 * {@code Secure} when the request came over TLS, so that page scripts never hold the token and a
 * browser's {@code EventSource} (which cannot send headers) can follow the live stream.
 *
 * <p>Cross-site request forgery: a request that authenticates with the cookie and changes
 * something (any method but {@code GET}, {@code HEAD}, {@code OPTIONS}) must also send
 * {@value #CSRF_HEADER}. A cross-site form cannot set a header, and a cross-site script may only with
 * a CORS preflight this server never grants; {@code SameSite=Strict} keeps the cookie off cross-site
 * requests as a second line. Requests with an {@code Authorization} header are not affected: a
 * browser never adds that header by itself.
 */
@Singleton
public final class SessionCookie {
    /** The cookie's name. */
    public static final String NAME = "llmlab_session";
    /** The header a cookie-authenticated, state-changing request must carry (any non-blank value). */
    public static final String CSRF_HEADER = "X-Requested-With";
    private final Duration lifetime;

    /** @param config the server configuration (the token lifetime is the cookie's) */
    public SessionCookie(ServerConfig config) {
        this.lifetime = config.tokenLifetime();
    }

    /**
     * @param request the request the cookie answers (its scheme decides {@code Secure}); not null
     * @param token the login token; not null
     * @return the cookie holding it, valid as long as the token
     */
    public Cookie holding(HttpRequest<?> request, String token) {
        return Cookie.of(NAME, token).httpOnly(true).sameSite(SameSite.Strict).secure(request.isSecure())
                .path("/").maxAge(lifetime);
    }

    /**
     * @param request the request being answered; not null
     * @return a cookie that makes the browser forget the session
     */
    public Cookie cleared(HttpRequest<?> request) {
        return Cookie.of(NAME, "").httpOnly(true).sameSite(SameSite.Strict).secure(request.isSecure())
                .path("/").maxAge(0);
    }

    /**
     * @param request the request; not null
     * @return the token of the session cookie, if the request carries a non-empty one
     */
    public static Optional<String> token(HttpRequest<?> request) {
        return request.getCookies().findCookie(NAME).map(Cookie::getValue).filter(v -> !v.isBlank());
    }

    /**
     * Refuses a state-changing request that lacks {@value #CSRF_HEADER}; reads pass.
     *
     * @param request the request; not null
     * @throws ApiException 403 {@code csrf} naming the header
     */
    public static void requireSameSite(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return;
        }
        String marker = request.getHeaders().get(CSRF_HEADER);
        if (marker == null || marker.isBlank()) {
            throw new ApiException(403, "csrf", "a " + method + " authenticated by the session cookie must send the"
                    + " header " + CSRF_HEADER + " (the dashboard does; a cross-site form cannot), or authenticate"
                    + " with 'Authorization: Bearer <API key or token>' instead", CSRF_HEADER);
        }
    }
}

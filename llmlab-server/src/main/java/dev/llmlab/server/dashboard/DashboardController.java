package dev.llmlab.server.dashboard;

import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.SecurityHeaders;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the dashboard: {@code GET /} is its one page, {@code GET /app/<file>} its scripts, style
 * sheet and icons, all read from the jar's {@code public/} folder. Views are chosen by the URL's
 * fragment ({@code #/overview}), so the server has no other pages (but {@code /budgets/<id>}, the
 * link of an alert, which leads to the budgets view); everything the page shows comes from the JSON
 * API.
 *
 * <p>The page carries a strict Content-Security-Policy ({@link #POLICY}): scripts, styles and
 * connections only from this origin, no inline script or style, no framing. Files are revalidated on
 * every load ({@code Cache-Control: no-cache} with an {@code ETag}), so a new version shows at once
 * and an unchanged one costs a 304. Only names of the form {@code [a-z0-9-]+.(js|css|svg)} are
 * looked up; anything else is the API's JSON 404.
 */
@Controller
public class DashboardController {
    /** The page's Content-Security-Policy. */
    public static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none';"
            + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]{1,64}\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();

    private record Asset(byte[] bytes, String type, String etag) {
    }

    /**
     * @param request the request (for {@code If-None-Match})
     * @return the page, or 304 when the browser's copy is current
     */
    @Get
    public HttpResponse<?> page(HttpRequest<?> request) {
        return serve(request, "index.html");
    }

    /**
     * @param request the request (for {@code If-None-Match})
     * @param name the file's name
     * @return the file, or 304 when the browser's copy is current
     * @throws ApiException 404 when there is no such file
     */
    @Get("/app/{name}")
    public HttpResponse<?> asset(HttpRequest<?> request, @PathVariable String name) {
        if (!ASSET.matcher(name).matches()) {
            throw ApiException.notFound("dashboard file " + name);
        }
        return serve(request, "app/" + name);
    }

    /**
     * The link alerts carry ({@code <public URL>/budgets/<id>}) opens the dashboard's budgets view;
     * the id is not checked here: the view shows only the caller's budgets.
     *
     * @param id the budget's id, as the alert named it
     * @return 303 to {@code /#/budgets}
     */
    @Get("/budgets/{id}")
    public HttpResponse<?> budgetLink(@PathVariable String id) {
        return HttpResponse.seeOther(java.net.URI.create("/#/budgets"));
    }

    private HttpResponse<?> serve(HttpRequest<?> request, String path) {
        Asset asset = assets.computeIfAbsent(path, DashboardController::load)
                .orElseThrow(() -> ApiException.notFound("dashboard file " + path));
        MutableHttpResponse<?> response;
        if (asset.etag().equals(request.getHeaders().get(HttpHeaders.IF_NONE_MATCH))) {
            response = HttpResponse.status(HttpStatus.NOT_MODIFIED);
        } else {
            response = HttpResponse.ok(asset.bytes()).header(HttpHeaders.CONTENT_TYPE, asset.type());
        }
        response.header(HttpHeaders.ETAG, asset.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("Content-Security-Policy", POLICY)
                .header("X-Frame-Options", "DENY");
        response.setAttribute(SecurityHeaders.CACHEABLE, true);
        return response;
    }

    private static Optional<Asset> load(String path) {
        try (InputStream in = DashboardController.class.getResourceAsStream("/public/" + path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16) + "\"";
            return Optional.of(new Asset(bytes, type, etag));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard file " + path + " from the jar", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}

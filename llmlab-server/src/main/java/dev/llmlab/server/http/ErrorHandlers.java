package dev.llmlab.server.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import java.net.URISyntaxException;

/**
 * Renders every failure in the API's documented error shape {@code {"error":{"code","message","field"}}}:
 * our own {@link ApiException}s, the framework's (body too large, no such route, wrong method)
 * and anything unexpected (500, without internals).
 */
@Controller
public class ErrorHandlers {
    private static final System.Logger LOG = System.getLogger(ErrorHandlers.class.getName());

    /** @return the API error as JSON */
    @Error(global = true, exception = ApiException.class)
    public HttpResponse<byte[]> api(HttpRequest<?> request, ApiException e) {
        return JsonBodies.respond(HttpStatus.valueOf(e.status()), JsonBodies.error(e.code(), e.getMessage(), e.field()));
    }

    /** @return 413 when the body exceeds the limit */
    @Error(global = true, exception = ContentLengthExceededException.class)
    public HttpResponse<byte[]> tooLarge(HttpRequest<?> request, ContentLengthExceededException e) {
        return JsonBodies.respond(HttpStatus.REQUEST_ENTITY_TOO_LARGE, JsonBodies.error("body_too_large",
                "the request body is larger than the limit: " + e.getMessage(), null));
    }

    /** @return 400 for a missing or malformed parameter */
    @Error(global = true, exception = UnsatisfiedRouteException.class)
    public HttpResponse<byte[]> unsatisfied(HttpRequest<?> request, UnsatisfiedRouteException e) {
        return JsonBodies.respond(HttpStatus.BAD_REQUEST, JsonBodies.error("invalid_field", e.getMessage(),
                e.getArgument() == null ? null : e.getArgument().getName()));
    }

    /**
     * @return 400 when the request target is not a valid URI (e.g. a '%' not followed by two hex
     *     digits), naming the query parameter that holds the fault when there is one
     */
    @Error(global = true, exception = URISyntaxException.class)
    public HttpResponse<byte[]> malformedUri(HttpRequest<?> request, URISyntaxException e) {
        String field = queryParameterAt(e.getInput(), e.getIndex());
        String hint = e.getReason().contains("escape") ? " (send a literal % as %25)" : "";
        return JsonBodies.respond(HttpStatus.BAD_REQUEST, JsonBodies.error("invalid_field",
                (field == null ? "the request URI" : field) + " is not valid in a URI: " + e.getReason() + " at index "
                        + e.getIndex() + hint, field));
    }

    /** @return the plain name of the query parameter whose text covers an index, or null */
    static String queryParameterAt(String uri, int index) {
        int query = uri.indexOf('?');
        if (query < 0 || index <= query || index >= uri.length()) {
            return null;
        }
        int start = uri.lastIndexOf('&', index) > query ? uri.lastIndexOf('&', index) + 1 : query + 1;
        int eq = uri.indexOf('=', start);
        int end = uri.indexOf('&', start) < 0 ? uri.length() : uri.indexOf('&', start);
        if (eq < 0 || eq >= end || index <= eq) {
            return null; // the fault is in a name, not in a value
        }
        String name = uri.substring(start, eq);
        return name.matches("[A-Za-z0-9_.-]{1,64}") ? name : null;
    }

    /** @return the status the framework chose, in our shape */
    @Error(global = true, exception = HttpStatusException.class)
    public HttpResponse<byte[]> status(HttpRequest<?> request, HttpStatusException e) {
        HttpStatus status = e.getStatus();
        String code = status == HttpStatus.REQUEST_ENTITY_TOO_LARGE ? "body_too_large"
                : status.name().toLowerCase(java.util.Locale.ROOT);
        return JsonBodies.respond(status, JsonBodies.error(code, e.getMessage(), null));
    }

    /** @return 404 in our shape for an unknown path */
    @Error(global = true, status = HttpStatus.NOT_FOUND)
    public HttpResponse<byte[]> noRoute(HttpRequest<?> request) {
        return JsonBodies.respond(HttpStatus.NOT_FOUND, JsonBodies.error("not_found",
                "no such endpoint: " + request.getMethodName() + " " + request.getPath(), null));
    }

    /** @return 405 in our shape */
    @Error(global = true, status = HttpStatus.METHOD_NOT_ALLOWED)
    public HttpResponse<byte[]> wrongMethod(HttpRequest<?> request) {
        return JsonBodies.respond(HttpStatus.METHOD_NOT_ALLOWED, JsonBodies.error("method_not_allowed",
                request.getMethodName() + " is not allowed on " + request.getPath(), null));
    }

    /** @return 415 in our shape */
    @Error(global = true, status = HttpStatus.UNSUPPORTED_MEDIA_TYPE)
    public HttpResponse<byte[]> wrongType(HttpRequest<?> request) {
        return JsonBodies.respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, JsonBodies.error("unsupported_media_type",
                "send the body as application/json", "Content-Type"));
    }

    /** @return 500 without internals; the cause is logged */
    @Error(global = true, exception = Exception.class)
    public HttpResponse<byte[]> unexpected(HttpRequest<?> request, Exception e) {
        LOG.log(System.Logger.Level.ERROR, "unexpected failure on " + request.getMethodName() + " " + request.getPath(), e);
        return JsonBodies.respond(HttpStatus.INTERNAL_SERVER_ERROR, JsonBodies.error("internal",
                "the server failed to handle the request; it is logged", null));
    }
}

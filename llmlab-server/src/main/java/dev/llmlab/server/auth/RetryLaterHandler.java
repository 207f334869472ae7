package dev.llmlab.server.auth;

import dev.llmlab.server.http.JsonBodies;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;

/** Renders {@link RetryLater} in the API's error shape with its {@code Retry-After} header. */
@Controller
public class RetryLaterHandler {
    /** @return 429 or 503 with {@code Retry-After} */
    @Error(global = true, exception = RetryLater.class)
    public HttpResponse<byte[]> retryLater(HttpRequest<?> request, RetryLater e) {
        return JsonBodies.respond(HttpStatus.valueOf(e.status()), JsonBodies.error(e.code(), e.getMessage(), e.field()))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    }
}

package dev.llmlab.server.auth;

import io.micronaut.core.bind.annotation.Bindable;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the controller argument that receives the {@link Caller} whatever its credential may do: an
 * API key of any scope or a login token. For endpoints that only say who is calling
 * ({@code GET /api/me}); everything else takes {@link Authenticated @Authenticated} with the scope it
 * needs. {@link IdentifiedBinder} fills it; a missing, unknown, revoked or expired credential is 401
 * before the method runs.
 *
 * <pre>{@code
 * @Get
 * public HttpResponse<byte[]> me(@Identified Caller caller) { … }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@Bindable
public @interface Identified {
}

package dev.llmlab.server.auth;

import io.micronaut.core.bind.annotation.Bindable;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the controller argument that receives the authenticated {@link Caller}; {@link CallerBinder}
 * checks the {@code Authorization} header before the method runs, and a request it refuses never
 * reaches the method (401, or 403 when an API key lacks the scope).
 *
 * <pre>{@code
 * @Get
 * public HttpResponse<byte[]> list(@Authenticated(Scope.READ) Caller caller) { … }
 *
 * @Post("/track")
 * public HttpResponse<byte[]> track(@Authenticated(value = Scope.INGEST, tokens = false) Caller caller, …) { … }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@Bindable
public @interface Authenticated {
    /** @return what the endpoint does: the scope an API key needs */
    Scope value();

    /**
     * @return further scopes, any one of which an API key may hold instead of {@link #value()}
     *     (e.g. the budget check, asked by programs that ingest as well as by those that read)
     */
    Scope[] orScopes() default {};

    /**
     * @return whether a verified API key may be taken from {@link Authenticator}'s short cache
     *     ({@link Authenticator#KEY_CACHE_TTL}) instead of the database: for the endpoint asked
     *     before every LLM call (the budget check); a key revoked on another instance is then refused
     *     within that time, on this instance at once
     */
    boolean cachedKeys() default false;

    /**
     * @return whether a login token is taken; false for endpoints of programs only (ingest), which
     *     then answer a token with 401 "this endpoint takes an API key"
     */
    boolean tokens() default true;
}

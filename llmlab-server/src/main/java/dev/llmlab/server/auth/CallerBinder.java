package dev.llmlab.server.auth;

import dev.llmlab.server.http.ApiException;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.AnnotatedRequestArgumentBinder;
import io.micronaut.http.bind.binders.PostponedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Binds an {@link Authenticated @Authenticated} {@link Caller} argument: reads the
 * {@code Authorization} header and has the {@link Authenticator} resolve it. A refusal is thrown as
 * the {@link dev.llmlab.server.http.ApiException} the error handlers render (401, 403).
 *
 * <p>Without that header, the dashboard's {@link SessionCookie session cookie} stands for a login
 * token (never for an API key), and only with its CSRF defence: a state-changing request must carry
 * {@value SessionCookie#CSRF_HEADER}, else 403 {@code csrf}.
 *
 * <p>Postponed: Micronaut binds such arguments right before calling the method, on the method's
 * executor (the blocking pool of the controllers), not on netty's event loop — the key lookup reads
 * the database. By then the body has been received but not parsed, so bad credentials answer 401
 * whatever the body, its path id or query holds.
 */
@Singleton
public final class CallerBinder implements AnnotatedRequestArgumentBinder<Authenticated, Caller>,
        PostponedRequestArgumentBinder<Caller> {
    private final Authenticator authenticator;

    /** @param authenticator resolves credentials */
    public CallerBinder(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Class<Authenticated> getAnnotationType() {
        return Authenticated.class;
    }

    @Override
    public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> request) {
        AnnotationMetadata annotation = context.getAnnotationMetadata();
        Scope scope = annotation.enumValue(Authenticated.class, Scope.class).orElseThrow(
                () -> new IllegalStateException("@Authenticated on " + context.getArgument() + " names no scope"));
        boolean tokens = annotation.booleanValue(Authenticated.class, "tokens").orElse(true);
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            Optional<String> session = SessionCookie.token(request);
            if (session.isPresent()) {
                SessionCookie.requireSameSite(request);
                if (session.get().startsWith(ApiKeys.PREFIX)) {
                    throw ApiException.unauthorized("the session cookie holds a login token, never an API key;"
                            + " send the key as 'Authorization: Bearer <API key>'");
                }
                authorization = "Bearer " + session.get();
            }
        }
        Scope[] or = annotation.enumValues(Authenticated.class, "orScopes", Scope.class);
        Set<Scope> any = EnumSet.of(scope, or);
        boolean cached = annotation.booleanValue(Authenticated.class, "cachedKeys").orElse(false);
        Caller caller = authenticator.authenticate(authorization, any, tokens, cached);
        return () -> Optional.of(caller);
    }
}

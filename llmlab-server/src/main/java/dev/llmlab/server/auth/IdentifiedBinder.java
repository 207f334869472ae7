package dev.llmlab.server.auth;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.AnnotatedRequestArgumentBinder;
import io.micronaut.http.bind.binders.PostponedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Binds an {@link Identified @Identified} {@link Caller} argument with
 * {@link Authenticator#identify(String)}. Postponed for the reason {@link CallerBinder} gives: the key
 * lookup reads the database, which must not happen on netty's event loop.
 */
@Singleton
public final class IdentifiedBinder implements AnnotatedRequestArgumentBinder<Identified, Caller>,
        PostponedRequestArgumentBinder<Caller> {
    private final Authenticator authenticator;

    /** @param authenticator resolves credentials */
    public IdentifiedBinder(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Class<Identified> getAnnotationType() {
        return Identified.class;
    }

    @Override
    public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> request) {
        Caller caller = authenticator.identify(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        return () -> Optional.of(caller);
    }
}

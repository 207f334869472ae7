package dev.llmlab.server.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an API key may do. A login token (a person) reads and manages but never ingests; an API key
 * (a program) does only what its scopes list. Keys made by signup, keys made without {@code scopes}
 * and keys that existed before scopes have {@link #DEFAULT}: ingest and read.
 *
 * <pre>{@code
 * public HttpResponse<byte[]> list(@Authenticated(Scope.READ) Caller caller) { … }
 * }</pre>
 */
public enum Scope {
    /** {@code POST /api/events/track}. */
    INGEST,
    /** Summaries, events and every {@code GET} of keys, budgets and provider keys. */
    READ,
    /** Creating and revoking API keys, budgets and provider keys. */
    MANAGE;

    /** The scopes of a key for which none were asked: ingest and read. */
    public static final Set<Scope> DEFAULT = Set.copyOf(EnumSet.of(INGEST, READ));
    /** What a login token may do. */
    static final Set<Scope> TOKEN = Set.copyOf(EnumSet.of(READ, MANAGE));

    /** @return the name on the wire and in the database: {@code ingest}, {@code read}, {@code manage} */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wire a name as sent or stored; not null
     * @return the scope with that exact name, or empty
     */
    public static Optional<Scope> fromWire(String wire) {
        for (Scope s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

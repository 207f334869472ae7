package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.Fields;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The body of {@code POST /api/keys}: {@code {"name":"ci","scopes":["ingest"]}}, both optional; no
 * other field.
 *
 * @param name the key's label, 1 to {@value #MAX_NAME} code points; {@code "key"} when not sent
 * @param scopes what the key may do, at least one; {@link Scope#DEFAULT} when not sent
 */
public record KeyRequest(String name, Set<Scope> scopes) {
    /** What an empty body asks for. */
    public static final KeyRequest DEFAULT = new KeyRequest("key", Scope.DEFAULT);
    /** Most Unicode code points of a key's name. */
    static final int MAX_NAME = 100;
    private static final Set<String> FIELDS = Set.of("name", "scopes");

    /** Checks the parts and keeps an immutable copy of the scopes. */
    public KeyRequest {
        Objects.requireNonNull(name, "name");
        scopes = Set.copyOf(scopes);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
    }

    /**
     * @param in the body, read by {@link JsonBodies#parseObject}
     * @return the request, with the defaults for what is absent or null
     * @throws ApiException 400 naming the unknown field, {@code name}, {@code scopes} or
     *     {@code scopes[i]}
     */
    public static KeyRequest from(ObjectNode in) {
        Fields.onlyKnown(in, FIELDS);
        String name = Fields.optionalText(in, "name", MAX_NAME);
        Set<Scope> scopes = in.hasNonNull("scopes") ? scopes(in.get("scopes")) : DEFAULT.scopes();
        return new KeyRequest(name == null ? DEFAULT.name() : name, scopes);
    }

    private static Set<Scope> scopes(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw ApiException.invalid("scopes", "scopes must be a non-empty array of " + wireNames() + ", was "
                    + (node.isArray() ? "an empty array" : JsonBodies.kind(node)));
        }
        Set<Scope> out = EnumSet.noneOf(Scope.class);
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            Scope scope = s.isTextual() ? Scope.fromWire(s.textValue()).orElse(null) : null;
            if (scope == null) {
                String was = s.isTextual() ? "'" + Fields.shorten(s.textValue()) + "'" : JsonBodies.kind(s);
                throw ApiException.invalid("scopes[" + i + "]", "scopes[" + i + "] must be one of " + wireNames()
                        + ", was " + was);
            }
            out.add(scope);
        }
        return out;
    }

    private static String wireNames() {
        return ApiKeys.wire(EnumSet.allOf(Scope.class)).toString();
    }
}

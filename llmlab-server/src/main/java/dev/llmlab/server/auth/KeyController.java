package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.ApiKey;
import dev.llmlab.server.account.ApiKeyRepository;
import dev.llmlab.server.account.Fields;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.http.PathIds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * LLMlab API keys of the caller: {@code POST /api/keys} (the key is in this response only),
 * {@code GET /api/keys} (prefixes only), {@code DELETE /api/keys/{id}} (revoke).
 *
 * <p>Creating and revoking take a login token or a key with {@code manage}; listing takes
 * {@code read}. A key never makes a key with a scope it lacks itself.
 */
@Controller("/api/keys")
@ExecuteOn(TaskExecutors.BLOCKING)
public class KeyController {
    private static final Set<String> FIELDS = Set.of("name", "scopes");
    private final ApiKeys apiKeys;
    private final ApiKeyRepository keys;

    /**
     * @param apiKeys key maker
     * @param keys key store
     */
    public KeyController(ApiKeys apiKeys, ApiKeyRepository keys) {
        this.apiKeys = apiKeys;
        this.keys = keys;
    }

    /**
     * @param caller the account ({@code manage})
     * @param body optional {@code {"name","scopes":["ingest","read","manage"]}}
     * @return 201 {@code {"id","name","prefix","scopes","created_at","revoked_at","api_key"}}; 403 when
     *     a key asks for a scope it lacks; 409 {@code too_many_keys} at the cap
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(@Authenticated(Scope.MANAGE) Caller caller, @Nullable @Body byte[] body) {
        String name = "key";
        Set<Scope> scopes = Scope.DEFAULT;
        if (body != null && body.length > 0) {
            ObjectNode in = JsonBodies.parseObject(body);
            Fields.onlyKnown(in, FIELDS);
            if (in.hasNonNull("name")) {
                name = Fields.text(in, "name", 100);
            }
            if (in.hasNonNull("scopes")) {
                scopes = scopes(in.get("scopes"));
            }
        }
        if (caller.viaApiKey() && !caller.scopes().containsAll(scopes)) {
            Set<Scope> missing = EnumSet.copyOf(scopes);
            missing.removeAll(caller.scopes());
            throw new ApiException(403, "forbidden", "this API key lacks the scopes " + ApiKeys.wire(missing)
                    + " it asked the new key to have; a key can only make keys with scopes it has itself ("
                    + ApiKeys.wire(caller.scopes()) + "); a login token can make any key", "scopes");
        }
        ApiKeys.Created created = apiKeys.create(caller.userId(), name, scopes);
        ObjectNode out = render(created.record());
        out.put("api_key", created.key());
        return JsonBodies.respond(HttpStatus.CREATED, out);
    }

    /** @return 200 {@code {"keys":[{"id","name","prefix","scopes","created_at","revoked_at"}…]}} */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(@Authenticated(Scope.READ) Caller caller) {
        ObjectNode out = JsonBodies.object();
        ArrayNode list = out.putArray("keys");
        for (ApiKey k : keys.findByUserIdOrderByCreatedAt(caller.userId())) {
            list.add(render(k));
        }
        return JsonBodies.respond(HttpStatus.OK, out);
    }

    /** @return 200 with the revoked key; 404 when the key is not the caller's */
    @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> revoke(@Authenticated(Scope.MANAGE) Caller caller, @PathVariable String id) {
        UUID keyId = PathIds.parse(id, "API key");
        if (keys.revoke(keyId, caller.userId(), Instant.now()) == 0) {
            throw ApiException.notFound("API key " + id);
        }
        return JsonBodies.respond(HttpStatus.OK, render(keys.findByIdAndUserId(keyId, caller.userId())
                .orElseThrow(() -> ApiException.notFound("API key " + id))));
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

    private static ObjectNode render(ApiKey k) {
        ObjectNode o = JsonBodies.object();
        o.put("id", k.id().toString());
        o.put("name", k.name());
        o.put("prefix", k.prefix());
        ArrayNode scopes = o.putArray("scopes");
        ApiKeys.wire(ApiKeys.scopes(k)).forEach(scopes::add);
        o.put("created_at", k.createdAt().toString());
        if (k.revokedAt() == null) {
            o.putNull("revoked_at");
        } else {
            o.put("revoked_at", k.revokedAt().toString());
        }
        return o;
    }
}

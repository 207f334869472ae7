package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.ApiKey;
import dev.llmlab.server.account.ApiKeyRepository;
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
import java.util.List;
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
    private final ApiKeys apiKeys;
    private final ApiKeyRepository keys;
    private final Authenticator authenticator;

    /**
     * @param apiKeys key maker
     * @param keys key store
     * @param authenticator told of a revoked key, so this instance forgets it at once
     */
    public KeyController(ApiKeys apiKeys, ApiKeyRepository keys, Authenticator authenticator) {
        this.apiKeys = apiKeys;
        this.keys = keys;
        this.authenticator = authenticator;
    }

    /**
     * @param caller the account ({@code manage})
     * @param body optional {@code {"name","scopes":["ingest","read","manage"]}}
     * @return 201 {@code {"id","name","prefix","scopes","created_at","revoked_at","api_key"}}; 403 when
     *     a key asks for a scope it lacks; 409 {@code too_many_keys} at the cap
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(@Authenticated(Scope.MANAGE) Caller caller, @Nullable @Body byte[] body) {
        KeyRequest request = body == null || body.length == 0 ? KeyRequest.DEFAULT
                : KeyRequest.from(JsonBodies.parseObject(body));
        ApiKeys.Created created = apiKeys.create(caller, request);
        ObjectNode out = render(created.record());
        out.put("api_key", created.key());
        return JsonBodies.respond(HttpStatus.CREATED, out);
    }

    /**
     * @param caller the account ({@code read})
     * @return 200 {@code {"keys":[{"id","name","prefix","scopes","created_at","revoked_at"}…]}}
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(@Authenticated(Scope.READ) Caller caller) {
        List<ApiKey> found = keys.findByUserIdOrderByCreatedAt(caller.userId());
        return JsonBodies.respond(HttpStatus.OK, JsonBodies.list("keys", found, KeyController::render));
    }

    /**
     * @param caller the account ({@code manage})
     * @param id the key's id
     * @return 200 with the revoked key; 404 when the key is not the caller's
     */
    @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> revoke(@Authenticated(Scope.MANAGE) Caller caller, @PathVariable String id) {
        UUID keyId = PathIds.parse(id, "API key");
        if (keys.revoke(keyId, caller.userId(), Instant.now()) == 0) {
            throw ApiException.notFound("API key " + id);
        }
        authenticator.forget(keyId);
        return JsonBodies.respond(HttpStatus.OK, render(keys.findByIdAndUserId(keyId, caller.userId())
                .orElseThrow(() -> ApiException.notFound("API key " + id))));
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

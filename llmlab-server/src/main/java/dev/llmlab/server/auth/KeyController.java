package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.UUID;

/**
 * LLMlab API keys of the caller: {@code POST /api/keys} (the key is in this response only),
 * {@code GET /api/keys} (prefixes only), {@code DELETE /api/keys/{id}} (revoke).
 */
@Controller("/api/keys")
@ExecuteOn(TaskExecutors.BLOCKING)
public class KeyController {
    private final Authenticator auth;
    private final ApiKeys apiKeys;
    private final ApiKeyRepository keys;

    /**
     * @param auth authentication
     * @param apiKeys key maker
     * @param keys key store
     */
    public KeyController(Authenticator auth, ApiKeys apiKeys, ApiKeyRepository keys) {
        this.auth = auth;
        this.apiKeys = apiKeys;
        this.keys = keys;
    }

    /**
     * @param authorization the caller's credentials
     * @param body optional {@code {"name"}}
     * @return 201 {@code {"id","name","prefix","created_at","revoked_at","api_key"}}
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(@Nullable @Header("Authorization") String authorization,
            @Nullable @Body byte[] body) {
        Caller caller = auth.authenticate(authorization, true);
        String name = "key";
        if (body != null && body.length > 0) {
            JsonNode in = JsonBodies.parseObject(body);
            if (in.has("name") && !in.get("name").isNull()) {
                name = JsonBodies.requiredString(in, "name", 100);
            }
        }
        ApiKeys.Created created = apiKeys.create(caller.userId(), name);
        ObjectNode out = render(created.record());
        out.put("api_key", created.key());
        return JsonBodies.respond(HttpStatus.CREATED, out);
    }

    /** @return 200 {@code {"keys":[{"id","name","prefix","created_at","revoked_at"}…]}} */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(@Nullable @Header("Authorization") String authorization) {
        Caller caller = auth.authenticate(authorization, true);
        ObjectNode out = JsonBodies.object();
        ArrayNode list = out.putArray("keys");
        for (ApiKey k : keys.findByUserIdOrderByCreatedAt(caller.userId())) {
            list.add(render(k));
        }
        return JsonBodies.respond(HttpStatus.OK, out);
    }

    /** @return 200 with the revoked key; 404 when the key is not the caller's */
    @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> revoke(@Nullable @Header("Authorization") String authorization,
            @PathVariable String id) {
        Caller caller = auth.authenticate(authorization, true);
        UUID keyId = PathIds.parse(id, "API key");
        if (keys.revoke(keyId, caller.userId(), Instant.now()) == 0) {
            throw ApiException.notFound("API key " + id);
        }
        return JsonBodies.respond(HttpStatus.OK, render(keys.findByIdAndUserId(keyId, caller.userId())
                .orElseThrow(() -> ApiException.notFound("API key " + id))));
    }

    private static ObjectNode render(ApiKey k) {
        ObjectNode o = JsonBodies.object();
        o.put("id", k.id().toString());
        o.put("name", k.name());
        o.put("prefix", k.prefix());
        o.put("created_at", k.createdAt().toString());
        if (k.revokedAt() == null) {
            o.putNull("revoked_at");
        } else {
            o.put("revoked_at", k.revokedAt().toString());
        }
        return o;
    }
}

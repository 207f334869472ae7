package dev.llmlab.server.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.ProviderKey;
import dev.llmlab.server.account.ProviderKeyRepository;
import dev.llmlab.server.auth.Authenticated;
import dev.llmlab.server.auth.Caller;
import dev.llmlab.server.auth.Scope;
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
import java.util.List;

/**
 * The caller's LLM provider keys ({@link ProviderKeys} stores them encrypted), listed with a hint
 * only ({@code sk-…wxyz}).
 */
@Controller("/api/provider-keys")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProviderKeyController {
    private final ProviderKeys providerKeys;
    private final ProviderKeyRepository keys;

    /**
     * @param providerKeys encrypts and stores
     * @param keys key store
     */
    public ProviderKeyController(ProviderKeys providerKeys, ProviderKeyRepository keys) {
        this.providerKeys = providerKeys;
        this.keys = keys;
    }

    /**
     * @param caller the account ({@code manage})
     * @param body {@code {"provider":"openai","key":"sk-…"}}
     * @return 201 {@code {"id","provider","key_hint","created_at"}}; 409 when no encryption key is set
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(@Authenticated(Scope.MANAGE) Caller caller, @Nullable @Body byte[] body) {
        ProviderKeyRequest request = ProviderKeyRequest.from(JsonBodies.parseObject(body));
        return JsonBodies.respond(HttpStatus.CREATED, render(providerKeys.store(caller.userId(), request)));
    }

    /**
     * @param caller the account ({@code read})
     * @return 200 {@code {"provider_keys":[…]}} with hints only
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(@Authenticated(Scope.READ) Caller caller) {
        List<ProviderKey> found = keys.findByUserIdOrderByCreatedAt(caller.userId());
        return JsonBodies.respond(HttpStatus.OK,
                JsonBodies.list("provider_keys", found, ProviderKeyController::render));
    }

    /**
     * @param caller the account ({@code manage})
     * @param id the provider key's id
     * @return 204; 404 when it is not the caller's
     */
    @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> delete(@Authenticated(Scope.MANAGE) Caller caller, @PathVariable String id) {
        if (keys.deleteByIdAndUserId(PathIds.parse(id, "provider key"), caller.userId()) == 0) {
            throw ApiException.notFound("provider key " + id);
        }
        return HttpResponse.noContent();
    }

    private static ObjectNode render(ProviderKey k) {
        ObjectNode o = JsonBodies.object();
        o.put("id", k.id().toString());
        o.put("provider", k.provider());
        o.put("key_hint", k.keyHint());
        o.put("created_at", k.createdAt().toString());
        return o;
    }
}

package dev.llmlab.server.keys;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.account.Fields;
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
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The caller's LLM provider keys: stored AES-GCM encrypted with {@code LLMLAB_ENCRYPTION_KEY},
 * listed with a hint only ({@code sk-…wxyz}); the full key never leaves the server.
 */
@Controller("/api/provider-keys")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProviderKeyController {
    private static final Set<String> FIELDS = Set.of("provider", "key");
    private final ProviderKeyRepository keys;
    private final SecretBox box;

    /**
     * @param keys key store
     * @param config the encryption key
     */
    public ProviderKeyController(ProviderKeyRepository keys, ServerConfig config) {
        this.keys = keys;
        byte[] key = config.encryptionKey();
        this.box = key == null ? null : new SecretBox(key);
    }

    /**
     * @param body {@code {"provider":"openai","key":"sk-…"}}
     * @return 201 {@code {"id","provider","key_hint","created_at"}}; 409 when no encryption key is set
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> create(@Authenticated(Scope.MANAGE) Caller caller, @Nullable @Body byte[] body) {
        ObjectNode in = JsonBodies.parseObject(body);
        Fields.onlyKnown(in, FIELDS);
        String provider = Fields.text(in, "provider", 100);
        String secret = Fields.text(in, "key", 4096);
        if (box == null) {
            throw new ApiException(409, "encryption_not_configured", "the server has no LLMLAB_ENCRYPTION_KEY;"
                    + " provider keys cannot be stored", null);
        }
        UUID id = UUID.randomUUID();
        ProviderKey k = new ProviderKey(id, caller.userId(), provider, box.seal(secret, id.toString()), hint(secret),
                Instant.now());
        keys.save(k);
        return JsonBodies.respond(HttpStatus.CREATED, render(k));
    }

    /** @return 200 {@code {"provider_keys":[…]}} with hints only */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(@Authenticated(Scope.READ) Caller caller) {
        ObjectNode out = JsonBodies.object();
        ArrayNode arr = out.putArray("provider_keys");
        keys.findByUserIdOrderByCreatedAt(caller.userId()).forEach(k -> arr.add(render(k)));
        return JsonBodies.respond(HttpStatus.OK, out);
    }

    /** @return 204; 404 when it is not the caller's */
    @Delete(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> delete(@Authenticated(Scope.MANAGE) Caller caller, @PathVariable String id) {
        if (keys.deleteByIdAndUserId(PathIds.parse(id, "provider key"), caller.userId()) == 0) {
            throw ApiException.notFound("provider key " + id);
        }
        return HttpResponse.noContent();
    }

    /**
     * A fragment to recognise a key by, useless to an attacker: at most 3 + 4 characters, counted in
     * code points so that a character is never cut in half.
     */
    static String hint(String secret) {
        String s = secret.strip();
        int length = s.codePointCount(0, s.length());
        if (length < 12) {
            return "…";
        }
        int dash = s.indexOf('-');
        String head = dash > 0 && dash <= 3 ? s.substring(0, dash + 1) : "";
        return head + "…" + s.substring(s.offsetByCodePoints(0, length - 4));
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

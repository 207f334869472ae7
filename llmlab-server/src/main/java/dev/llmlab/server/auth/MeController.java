package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.ApiKey;
import dev.llmlab.server.account.ApiKeyRepository;
import dev.llmlab.server.account.User;
import dev.llmlab.server.account.UserRepository;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /api/me}: whom the credentials belong to — {@code llmlab init} checks a key with it
 * before saving it. Takes a login token or an API key of any scope (an ingest-only key may ask who
 * it is too).
 */
@Controller("/api/me")
@ExecuteOn(TaskExecutors.BLOCKING)
public class MeController {
    private final UserRepository users;
    private final ApiKeyRepository keys;

    /**
     * @param users accounts
     * @param keys API keys, for the calling key's prefix
     */
    public MeController(UserRepository users, ApiKeyRepository keys) {
        this.users = users;
        this.keys = keys;
    }

    /**
     * @param caller the account, authenticated by any credential
     * @return 200 {@code {"user_id","email","auth":"api_key|token","key_prefix"}} ({@code key_prefix}
     *     null for a login token); 401 without valid credentials
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> me(@Identified Caller caller) {
        // a token outliving its deleted account is as good as no token
        User user = users.findById(caller.userId())
                .orElseThrow(() -> ApiException.unauthorized("the account of these credentials no longer exists"));
        ObjectNode out = JsonBodies.object();
        out.put("user_id", user.id().toString());
        out.put("email", user.email());
        out.put("auth", caller.viaApiKey() ? "api_key" : "token");
        out.put("key_prefix", caller.apiKeyId() == null ? null
                : keys.findById(caller.apiKeyId()).map(ApiKey::prefix).orElse(null));
        return JsonBodies.respond(HttpStatus.OK, out);
    }
}

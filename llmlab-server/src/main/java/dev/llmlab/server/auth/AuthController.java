package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.http.JsonBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** {@code POST /auth/signup} and {@code POST /auth/login}: the work is {@link Accounts}'. */
@Controller("/auth")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuthController {
    private final Accounts accounts;
    private final ClientAddresses addresses;

    /**
     * @param accounts signup and login
     * @param addresses who the client is
     */
    public AuthController(Accounts accounts, ClientAddresses addresses) {
        this.accounts = accounts;
        this.addresses = addresses;
    }

    /**
     * @param body {@code {"email","password"}}
     * @return 201 {@code {"user_id","token","api_key"}}; 400 naming the field; 409 when the email is
     *     taken; 503 {@code busy} when the password workers are saturated
     */
    @Post(value = "/signup", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> signup(@Nullable @Body byte[] body) {
        Accounts.SignedUp account = accounts.signup(SignupRequest.from(JsonBodies.parseObject(body)));
        ObjectNode out = JsonBodies.object();
        out.put("user_id", account.userId().toString());
        out.put("token", account.token());
        out.put("api_key", account.apiKey());
        return JsonBodies.respond(HttpStatus.CREATED, out);
    }

    /**
     * @param request the request, for the client's address
     * @param body {@code {"email","password"}}
     * @return 200 {@code {"token","user_id"}}; 401 when the email or password is wrong (not saying
     *     which); 429 {@code too_many_attempts} while failed logins must wait; 503 {@code busy}
     */
    @Post(value = "/login", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> login(HttpRequest<?> request, @Nullable @Body byte[] body) {
        LoginRequest credentials = LoginRequest.from(JsonBodies.parseObject(body));
        Accounts.LoggedIn login = accounts.login(credentials, addresses.of(request));
        ObjectNode out = JsonBodies.object();
        out.put("token", login.token());
        out.put("user_id", login.userId().toString());
        return JsonBodies.respond(HttpStatus.OK, out);
    }
}

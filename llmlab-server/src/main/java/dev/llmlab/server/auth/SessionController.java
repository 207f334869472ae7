package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.User;
import dev.llmlab.server.account.UserRepository;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.UUID;

/**
 * The dashboard's session (see {@link SessionCookie}): {@code POST /auth/session} logs in and
 * {@code POST /auth/session/signup} signs up, both answering with the login token in the session
 * cookie instead of the body; {@code GET /auth/session} says who is logged in; {@code DELETE
 * /auth/session} logs out (clears the cookie). Every {@code POST} and {@code DELETE} here must carry
 * {@value SessionCookie#CSRF_HEADER}, so another site cannot log a browser in or out.
 */
@Controller("/auth/session")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SessionController {
    private final Accounts accounts;
    private final ClientAddresses addresses;
    private final SessionCookie cookie;
    private final UserRepository users;

    /**
     * @param accounts signup and login
     * @param addresses who the client is
     * @param cookie the session cookie
     * @param users the accounts' emails
     */
    public SessionController(Accounts accounts, ClientAddresses addresses, SessionCookie cookie, UserRepository users) {
        this.accounts = accounts;
        this.addresses = addresses;
        this.cookie = cookie;
        this.users = users;
    }

    /**
     * @param request the request, for the client's address and scheme
     * @param body {@code {"email","password"}}
     * @return 200 {@code {"user_id","email"}} and the session cookie; 401 for a wrong email or
     *     password; 403 {@code csrf} without the header; 429 and 503 as {@code POST /auth/login}
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> login(HttpRequest<?> request, @Nullable @Body byte[] body) {
        SessionCookie.requireSameSite(request);
        LoginRequest credentials = LoginRequest.from(JsonBodies.parseObject(body));
        Accounts.LoggedIn login = accounts.login(credentials, addresses.of(request));
        return JsonBodies.respond(HttpStatus.OK, who(login.userId(), credentials.email()))
                .cookie(cookie.holding(request, login.token()));
    }

    /**
     * @param request the request, for its scheme
     * @param body {@code {"email","password"}}
     * @return 201 {@code {"user_id","email","api_key"}} (the account's first API key, shown this
     *     once) and the session cookie; 400 naming the field; 403 {@code csrf}; 409 when the email is
     *     taken
     */
    @Post(value = "/signup", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> signup(HttpRequest<?> request, @Nullable @Body byte[] body) {
        SessionCookie.requireSameSite(request);
        SignupRequest credentials = SignupRequest.from(JsonBodies.parseObject(body));
        Accounts.SignedUp account = accounts.signup(credentials);
        ObjectNode out = who(account.userId(), credentials.email());
        out.put("api_key", account.apiKey());
        return JsonBodies.respond(HttpStatus.CREATED, out).cookie(cookie.holding(request, account.token()));
    }

    /**
     * @param caller the account of the session cookie (or of a bearer token or key)
     * @return 200 {@code {"user_id","email"}}; 401 when not logged in
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> current(@Authenticated(Scope.READ) Caller caller) {
        User user = users.findById(caller.userId())
                .orElseThrow(() -> ApiException.unauthorized("the session's account no longer exists"));
        return JsonBodies.respond(HttpStatus.OK, who(user.id(), user.email()));
    }

    /**
     * Logs out: the browser forgets the cookie. The token inside stays valid until it expires, like
     * any login token (tokens are not stored); a copy of it cannot be read by page scripts.
     *
     * @param request the request
     * @return 204 with the cleared cookie; 403 {@code csrf} without the header
     */
    @Delete
    public HttpResponse<?> logout(HttpRequest<?> request) {
        SessionCookie.requireSameSite(request);
        return HttpResponse.noContent().cookie(cookie.cleared(request));
    }

    private static ObjectNode who(UUID userId, String email) {
        ObjectNode out = JsonBodies.object();
        out.put("user_id", userId.toString());
        out.put("email", email);
        return out;
    }
}

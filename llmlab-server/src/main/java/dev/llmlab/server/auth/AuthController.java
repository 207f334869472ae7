package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.Fields;
import dev.llmlab.server.account.User;
import dev.llmlab.server.account.UserRepository;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /auth/signup} and {@code POST /auth/login}. Password hashing runs on
 * {@link PasswordWork}'s bounded pool; failed logins are throttled by {@link LoginThrottle}.
 */
@Controller("/auth")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuthController {
    /** Fewest Unicode code points of a new password. */
    public static final int MIN_PASSWORD = 12;
    /** Most Unicode code points of a password. */
    public static final int MAX_PASSWORD = 1024;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private final UserRepository users;
    private final ApiKeys apiKeys;
    private final Tokens tokens;
    private final PasswordWork passwords;
    private final LoginThrottle throttle;
    private final ClientAddresses addresses;

    /**
     * @param users accounts
     * @param apiKeys key maker
     * @param tokens token issuer
     * @param passwords the bounded PBKDF2 pool
     * @param throttle failed-login counters
     * @param addresses who the client is
     */
    public AuthController(UserRepository users, ApiKeys apiKeys, Tokens tokens, PasswordWork passwords,
            LoginThrottle throttle, ClientAddresses addresses) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.passwords = passwords;
        this.throttle = throttle;
        this.addresses = addresses;
    }

    /**
     * Creates an account with a first API key (scopes ingest and read).
     *
     * @param body {@code {"email","password"}}
     * @return 201 {@code {"user_id","token","api_key"}}; 400 naming the field; 409 when the email is
     *     taken; 503 {@code busy} when the password workers are saturated
     */
    @Post(value = "/signup", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> signup(@Body byte[] body) {
        ObjectNode in = JsonBodies.parseObject(body);
        String email = email(in);
        String password = newPassword(in);
        if (users.findByEmail(email).isPresent()) {
            throw taken(email);
        }
        User user = new User(UUID.randomUUID(), email, passwords.hash(password), Instant.now(), null, null);
        try {
            users.save(user);
        } catch (DataAccessException e) {
            if (users.findByEmail(email).isPresent()) {
                throw taken(email); // a concurrent signup won the unique index
            }
            throw e;
        }
        ApiKeys.Created key = apiKeys.create(user.id(), "default", Scope.DEFAULT);
        ObjectNode out = JsonBodies.object();
        out.put("user_id", user.id().toString());
        out.put("token", tokens.issue(user.id()));
        out.put("api_key", key.key());
        return JsonBodies.respond(HttpStatus.CREATED, out);
    }

    /**
     * @param request the request, for the client's address
     * @param body {@code {"email","password"}}
     * @return 200 {@code {"token","user_id"}}; 401 when the email or password is wrong (not saying
     *     which); 429 {@code too_many_attempts} while failed logins must wait; 503 {@code busy}
     */
    @Post(value = "/login", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> login(HttpRequest<?> request, @Body byte[] body) {
        ObjectNode in = JsonBodies.parseObject(body);
        String email = Fields.text(in, "email", 254).strip().toLowerCase(Locale.ROOT);
        // Not the rules of a new password: accounts made under older rules must still log in.
        String password = JsonBodies.requiredString(in, "password", 2 * MAX_PASSWORD);
        String address = addresses.of(request);
        throttle.admit(email, address);
        User user = users.findByEmail(email).orElse(null);
        boolean ok;
        try {
            ok = passwords.verify(password, user == null ? null : user.passwordHash());
        } catch (RetryLater busy) {
            throttle.released(email);
            throw busy;
        }
        if (!ok || user == null) {
            throttle.failed(email, address);
            throw new ApiException(401, "invalid_credentials", "wrong email or password", null);
        }
        throttle.succeeded(email);
        ObjectNode out = JsonBodies.object();
        out.put("token", tokens.issue(user.id()));
        out.put("user_id", user.id().toString());
        return JsonBodies.respond(HttpStatus.OK, out);
    }

    private static ApiException taken(String email) {
        return new ApiException(409, "email_taken", "an account with email " + email + " already exists", "email");
    }

    private static String email(ObjectNode in) {
        String email = Fields.text(in, "email", 254).strip().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.invalid("email", "email must look like name@example.com, was '" + Fields.shorten(email)
                    + "'");
        }
        return email;
    }

    /**
     * A new password: {@value #MIN_PASSWORD} to {@value #MAX_PASSWORD} Unicode code points (an emoji
     * counts once), no control characters, not all white space.
     */
    private static String newPassword(ObjectNode in) {
        String password = Fields.text(in, "password", MAX_PASSWORD);
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD) {
            throw ApiException.invalid("password", "password must have at least " + MIN_PASSWORD + " characters, had "
                    + length);
        }
        return password;
    }
}

package dev.llmlab.server.auth;

import dev.llmlab.server.account.User;
import dev.llmlab.server.account.UserRepository;
import dev.llmlab.server.http.ApiException;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;

/**
 * Signing up and logging in. Passwords are hashed and checked on {@link PasswordWork}'s bounded
 * pool; failed logins are counted by {@link LoginThrottle}.
 */
@Singleton
public final class Accounts {
    private final UserRepository users;
    private final ApiKeys apiKeys;
    private final Tokens tokens;
    private final PasswordWork passwords;
    private final LoginThrottle throttle;

    /**
     * @param users accounts
     * @param apiKeys key maker
     * @param tokens token issuer
     * @param passwords the bounded PBKDF2 pool
     * @param throttle failed-login counters
     */
    public Accounts(UserRepository users, ApiKeys apiKeys, Tokens tokens, PasswordWork passwords,
            LoginThrottle throttle) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.passwords = passwords;
        this.throttle = throttle;
    }

    /**
     * A new account: its id, a login token and its first API key, shown this once.
     *
     * @param userId the account
     * @param token a login token
     * @param apiKey the first API key (scopes ingest and read)
     */
    public record SignedUp(UUID userId, String token, String apiKey) {
        /** @return the account only: credentials are never printed */
        @Override
        public String toString() {
            return "SignedUp[userId=" + userId + "]";
        }
    }

    /**
     * A successful login.
     *
     * @param userId the account
     * @param token a login token
     */
    public record LoggedIn(UUID userId, String token) {
        /** @return the account only: the token is never printed */
        @Override
        public String toString() {
            return "LoggedIn[userId=" + userId + "]";
        }
    }

    /**
     * Creates an account with a first API key (scopes ingest and read).
     *
     * @param request the email and password
     * @return the account, a token and the key
     * @throws ApiException 409 {@code email_taken} when the email has an account
     * @throws RetryLater 503 {@code busy} when the password workers are saturated
     */
    public SignedUp signup(SignupRequest request) {
        String email = request.email();
        if (users.findByEmail(email).isPresent()) {
            throw taken(email);
        }
        User user = new User(UUID.randomUUID(), email, passwords.hash(request.password()), Instant.now(), null, null);
        try {
            users.save(user);
        } catch (DataAccessException e) {
            if (users.findByEmail(email).isPresent()) {
                throw taken(email); // a concurrent signup won the unique index
            }
            throw e;
        }
        ApiKeys.Created key = apiKeys.create(user.id(), "default", Scope.DEFAULT);
        return new SignedUp(user.id(), tokens.issue(user.id()), key.key());
    }

    /**
     * Checks the password, unless failed logins of this email or address must wait.
     *
     * @param request the email and password
     * @param address the client's address as {@link ClientAddresses} counts it
     * @return the account and a token
     * @throws ApiException 401 {@code invalid_credentials} when the email or password is wrong (not
     *     saying which); 429 {@code too_many_attempts} while failed logins must wait
     * @throws RetryLater 503 {@code busy} when the password workers are saturated
     */
    public LoggedIn login(LoginRequest request, String address) {
        String email = request.email();
        throttle.admit(email, address);
        User user = users.findByEmail(email).orElse(null);
        boolean ok;
        try {
            ok = passwords.verify(request.password(), user == null ? null : user.passwordHash());
        } catch (RetryLater busy) {
            throttle.released(email);
            throw busy;
        }
        if (!ok || user == null) {
            throttle.failed(email, address);
            throw new ApiException(401, "invalid_credentials", "wrong email or password", null);
        }
        throttle.succeeded(email);
        return new LoggedIn(user.id(), tokens.issue(user.id()));
    }

    private static ApiException taken(String email) {
        return new ApiException(409, "email_taken", "an account with email " + email + " already exists", "email");
    }
}

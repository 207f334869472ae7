package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import java.util.Objects;

/**
 * The body of {@code POST /auth/login}: {@code {"email","password"}}. Other fields are ignored.
 *
 * @param email the login, stripped and lower-cased
 * @param password the password, as sent
 */
public record LoginRequest(String email, String password) {
    /** Checks the parts. */
    public LoginRequest {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Reads the credentials. The password is not held to the rules of a new password: accounts made
     * under older rules must still log in; it is only bounded ({@code 2 ×}
     * {@link SignupRequest#MAX_PASSWORD} characters).
     *
     * @param in the body, read by {@link JsonBodies#parseObject}
     * @return the request
     * @throws ApiException 400 naming {@code email} or {@code password}
     */
    public static LoginRequest from(ObjectNode in) {
        String email = SignupRequest.email(in);
        String password = JsonBodies.requiredString(in, "password", 2 * SignupRequest.MAX_PASSWORD);
        return new LoginRequest(email, password);
    }

    /** @return the email only: the password is never printed */
    @Override
    public String toString() {
        return "LoginRequest[email=" + email + "]";
    }
}

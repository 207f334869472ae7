package dev.llmlab.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.Fields;
import dev.llmlab.server.http.ApiException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /auth/signup}: {@code {"email","password"}}. Other fields are ignored.
 *
 * @param email the login, stripped and lower-cased
 * @param password the new password, as sent
 */
public record SignupRequest(String email, String password) {
    /** Fewest Unicode code points of a new password. */
    public static final int MIN_PASSWORD = 12;
    /** Most Unicode code points of a password. */
    public static final int MAX_PASSWORD = 1024;
    /** Most characters of an email. */
    static final int MAX_EMAIL = 254;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** Checks the parts. */
    public SignupRequest {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
    }

    /**
     * @param in the body, read by {@link dev.llmlab.server.http.JsonBodies#parseObject}
     * @return the request
     * @throws ApiException 400 naming {@code email} (missing, not text, not an address) or
     *     {@code password} ({@value #MIN_PASSWORD} to {@value #MAX_PASSWORD} code points, an emoji
     *     counting once; no control characters; not all white space)
     */
    public static SignupRequest from(ObjectNode in) {
        String email = email(in);
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.invalid("email", "email must look like name@example.com, was '" + Fields.shorten(email)
                    + "'");
        }
        String password = Fields.text(in, "password", MAX_PASSWORD);
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD) {
            throw ApiException.invalid("password", "password must have at least " + MIN_PASSWORD + " characters, had "
                    + length);
        }
        return new SignupRequest(email, password);
    }

    /** @return the {@code email} field as accounts are keyed: stripped, lower-cased */
    static String email(ObjectNode in) {
        return Fields.text(in, "email", MAX_EMAIL).strip().toLowerCase(Locale.ROOT);
    }

    /** @return the email only: the password is never printed */
    @Override
    public String toString() {
        return "SignupRequest[email=" + email + "]";
    }
}

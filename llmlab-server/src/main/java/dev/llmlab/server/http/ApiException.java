package dev.llmlab.server.http;

import dev.llmlab.spi.LlmLabException;

/**
 * A request the API refuses, with the HTTP status, a stable machine-readable code and, when one
 * field is at fault, its name. Rendered as {@code {"error":{"code","message","field"}}}.
 */
public class ApiException extends LlmLabException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final String field;

    /**
     * @param status HTTP status (400, 401, 404, 409, 413)
     * @param code stable code, e.g. {@code invalid_field}
     * @param message what is wrong and what was expected
     * @param field the field at fault, or null
     */
    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** @return a 400 naming the field */
    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "invalid_field", message, field);
    }

    /** @return a 401 */
    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, "Authorization");
    }

    /** @return a 404 for what does not exist or is not the caller's */
    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found", null);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the error code */
    public String code() {
        return code;
    }

    /** @return the field at fault, or null */
    public String field() {
        return field;
    }
}

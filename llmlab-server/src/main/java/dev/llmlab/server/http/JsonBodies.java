package dev.llmlab.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;

/**
 * JSON in and out of the API, written by hand so that the wire shapes are exactly those of
 * CONTRACT.md (snake_case, nulls kept, money as strings) whatever the framework defaults.
 */
public final class JsonBodies {
    /** The shared, thread-safe mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonBodies() {
    }

    /** @return a new empty JSON object */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * Parses a request body that must be a JSON object.
     *
     * @param body the raw body; may be null or empty
     * @return the object
     * @throws ApiException 400 {@code malformed_json} or {@code invalid_body}
     */
    public static ObjectNode parseObject(byte[] body) {
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw new ApiException(400, "invalid_body", "the body must be a JSON object, was " + kind(node), null);
        }
        return (ObjectNode) node;
    }

    /**
     * @param body the raw body
     * @return the JSON value
     * @throws ApiException 400 {@code malformed_json} when the body is empty or not JSON
     */
    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(400, "malformed_json", "the body is empty; expected JSON", null);
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(400, "malformed_json", "the body is empty; expected JSON", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getOriginalMessage()
                    + location(e), null);
        } catch (IOException e) {
            throw new ApiException(400, "malformed_json", "the body cannot be read as JSON: " + e.getMessage(), null);
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** @return a readable name of a JSON value's type */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * Reads a required string field.
     *
     * @throws ApiException 400 naming the field when missing, not a string or blank
     */
    public static String requiredString(JsonNode obj, String field, int maxLength) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.invalid(field, field + " is required");
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(field, field + " must be a string, was " + kind(v));
        }
        String s = v.textValue();
        if (s.isBlank()) {
            throw ApiException.invalid(field, field + " must not be blank");
        }
        if (s.length() > maxLength) {
            throw ApiException.invalid(field, field + " must be at most " + maxLength + " characters, was " + s.length());
        }
        return s;
    }

    /** @return a JSON response with the given status (UTF-8 bytes, written once) */
    public static MutableHttpResponse<byte[]> respond(HttpStatus status, JsonNode body) {
        try {
            return HttpResponse.<byte[]>status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON response", e);
        }
    }

    /** @return the error body of CONTRACT.md */
    public static ObjectNode error(String code, String message, String field) {
        ObjectNode root = object();
        ObjectNode err = root.putObject("error");
        err.put("code", code);
        err.put("message", message);
        if (field == null) {
            err.putNull("field");
        } else {
            err.put("field", field);
        }
        return root;
    }
}

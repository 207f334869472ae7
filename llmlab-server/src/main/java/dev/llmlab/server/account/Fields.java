package dev.llmlab.server.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules for the JSON bodies of account resources: the bodies of API keys, budgets and provider keys
 * hold no field the endpoint does not know (a misspelt {@code alert_at_50_precent} would otherwise
 * be silently ignored), and their text fields, like signup's, hold text that PostgreSQL can store
 * and a person can read — lengths counted in Unicode code points, no control characters (U+0000
 * cannot even be stored), no unpaired surrogates. Each refusal is a 400 naming the field.
 *
 * <p>The typed request records ({@code SignupRequest}, {@code KeyRequest}, {@code BudgetRequest},
 * {@code ProviderKeyRequest}) read their fields with these, from the object
 * {@link JsonBodies#parseObject} read strictly.
 */
public final class Fields {
    private static final int SHOWN = 64;

    private Fields() {
    }

    /**
     * @param in a request body
     * @param known the fields the endpoint reads
     * @throws ApiException 400 naming the first field not in {@code known}
     */
    public static void onlyKnown(ObjectNode in, Set<String> known) {
        for (Iterator<String> names = in.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String shown = shorten(name);
                throw ApiException.invalid(shown, "unknown field '" + shown + "'; this body takes "
                        + new TreeSet<>(known));
            }
        }
    }

    /**
     * Reads a required text field.
     *
     * @param in a request body
     * @param field the field's name
     * @param maxCodePoints most Unicode code points allowed
     * @return the text as sent
     * @throws ApiException 400 naming the field when it is missing, not a string, blank, too long or
     *     holds a control character or an unpaired surrogate
     */
    public static String text(JsonNode in, String field, int maxCodePoints) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.invalid(field, field + " is required");
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(field, field + " must be a string, was " + JsonBodies.kind(v));
        }
        String s = v.textValue();
        if (s.isBlank()) {
            throw ApiException.invalid(field, field + " must not be blank");
        }
        int length = s.codePointCount(0, s.length());
        if (length > maxCodePoints) {
            throw ApiException.invalid(field, field + " must be at most " + maxCodePoints + " characters, had "
                    + length);
        }
        checkCharacters(field, s);
        return s;
    }

    /**
     * Reads an optional text field: absent or null is null, anything else is read as by
     * {@link #text}.
     *
     * @param in a request body
     * @param field the field's name
     * @param maxCodePoints most Unicode code points allowed
     * @return the text as sent, or null
     * @throws ApiException 400 naming the field as {@link #text} does
     */
    public static String optionalText(JsonNode in, String field, int maxCodePoints) {
        return in.hasNonNull(field) ? text(in, field, maxCodePoints) : null;
    }

    /**
     * Reads an optional boolean field.
     *
     * @param in a request body
     * @param field the field's name
     * @param absent the value when the field is absent or null
     * @return the value sent, or {@code absent}
     * @throws ApiException 400 naming the field when it is neither true nor false
     */
    public static boolean flag(JsonNode in, String field, boolean absent) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(field, field + " must be true or false, was " + JsonBodies.kind(v));
        }
        return v.booleanValue();
    }

    /**
     * @param field the field's name, for the message
     * @param s the text
     * @throws ApiException 400 naming the field when {@code s} holds a control character (Unicode
     *     category Cc, e.g. U+0000, tab, newline, U+007F) or an unpaired surrogate
     */
    public static void checkCharacters(String field, String s) {
        for (int i = 0, position = 1; i < s.length(); position++) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL) {
                throw ApiException.invalid(field, field + " must not contain control characters, had "
                        + String.format("U+%04X", cp) + " at character " + position);
            }
            if (type == Character.SURROGATE) {
                throw ApiException.invalid(field, field + " must be valid Unicode, had an unpaired surrogate "
                        + String.format("U+%04X", cp) + " at character " + position);
            }
            i += Character.charCount(cp);
        }
    }

    /** @return the text cut to a length fit for an error message */
    public static String shorten(String s) {
        if (s.codePointCount(0, s.length()) <= SHOWN) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, SHOWN)) + "…";
    }
}

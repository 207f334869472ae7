package dev.llmlab.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a raw query string strictly, for the endpoints whose parameters must not be guessed at. The
 * framework's own decoding is not used because it is lenient where these must not be: it turns
 * invalid UTF-8 (e.g. the encoded lone surrogate {@code %ED%A0%80}) into U+FFFD and joins a repeated
 * parameter with commas.
 *
 * <p>Rules: {@code +} is a space and {@code %XX} a byte, as in every form-encoded query; the bytes
 * must be UTF-8 text without control characters and at most {@link #MAX_LENGTH} characters; each
 * parameter may appear once.
 *
 * <pre>{@code
 * Map<String, String> q = QueryParameters.decode(request.getUri().getRawQuery(), Set.of("limit")::contains, true);
 * }</pre>
 */
public final class QueryParameters {
    /** Longest value of any parameter, in characters. */
    public static final int MAX_LENGTH = 256;

    private QueryParameters() {
    }

    /**
     * @param rawQuery the query string as sent, still percent-encoded; null or empty for none
     * @param known the parameter names the endpoint reads
     * @param refuseUnknown true to answer another name with 400 (naming it), false to ignore it
     * @return the known parameters, decoded, in the order sent
     * @throws ApiException 400 naming the parameter that is repeated, not text, or (when refused)
     *     unknown
     */
    public static Map<String, String> decode(String rawQuery, Predicate<String> known, boolean refuseUnknown) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty() && refuseUnknown) {
                continue; // "a=1&&b=2": nothing there
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = lenientName(rawName);
            if (name == null || !known.test(name)) {
                if (refuseUnknown) {
                    String shown = name == null ? rawName : name;
                    throw ApiException.invalid(shown, "unknown query parameter '" + shown(shown) + "'");
                }
                continue; // not ours: ignored, like any other unknown parameter
            }
            String value = component(eq < 0 ? "" : pair.substring(eq + 1), name);
            if (out.putIfAbsent(name, value) != null) {
                throw ApiException.invalid(name, name + " is given more than once; give it once");
            }
        }
        return out;
    }

    /** @return a parameter name decoded, or null when it is not text (then it is no name of ours) */
    private static String lenientName(String raw) {
        try {
            return text(bytes(raw, null));
        } catch (ApiException | CharacterCodingException e) {
            return null;
        }
    }

    private static String component(String raw, String field) {
        String v;
        try {
            v = text(bytes(raw, field));
        } catch (CharacterCodingException e) {
            throw ApiException.invalid(field, field + " is not UTF-8 text: its percent-encoded bytes must spell"
                    + " characters (an encoded surrogate such as %ED%A0%80 or a stray byte such as %FF does not)");
        }
        if (v.length() > MAX_LENGTH) {
            throw ApiException.invalid(field, field + " must be at most " + MAX_LENGTH + " characters, was "
                    + v.length() + " long");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw ApiException.invalid(field, field + " must not contain control characters, had U+"
                        + String.format("%04X", (int) v.charAt(i)) + " at position " + i);
            }
        }
        return v;
    }

    /**
     * @return the bytes a raw component stands for. The request line reaches us one char per byte,
     *     so a char up to U+00FF is that byte; a wider one (only if a proxy decoded the line) is
     *     taken as UTF-8
     */
    private static byte[] bytes(String raw, String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                int hi = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hex(raw.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw ApiException.invalid(field, field + " has a '%' that is not followed by two hex digits"
                            + " (send a literal % as %25)");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c <= 0xFF) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1;
    }

    private static String text(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * @param value a value as sent
     * @return the value as an error message shows it: at most 64 characters
     */
    public static String shown(String value) {
        if (value.length() <= 64) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(63)) ? 63 : 64; // never half a character
        return value.substring(0, end) + "… (" + value.length() + " characters)";
    }
}

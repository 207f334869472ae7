package dev.llmlab.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * JSON in and out of the API, written by hand so that the wire shapes are exactly those of
 * docs/api.md (snake_case, nulls kept, money as strings) whatever the framework defaults.
 */
public final class JsonBodies {
    /** The shared, thread-safe mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private JsonBodies() {
    }

    /** @return a new empty JSON object */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * The answer of a list endpoint: {@code {"<field>": [<item>, …]}}.
     *
     * <pre>{@code
     * return JsonBodies.respond(HttpStatus.OK, JsonBodies.list("budgets", found, BudgetController::render));
     * }</pre>
     *
     * @param field the name of the array
     * @param items the items, in order
     * @param render an item's JSON
     * @param <T> the item type
     * @return the object holding the array
     */
    public static <T> ObjectNode list(String field, Iterable<T> items, Function<T, ? extends JsonNode> render) {
        ObjectNode out = object();
        ArrayNode array = out.putArray(field);
        items.forEach(item -> array.add(render.apply(item)));
        return out;
    }

    /**
     * Parses a request body that must be a JSON object, strictly (see {@link #parse}).
     *
     * @param body the raw body; may be null or empty
     * @return the object
     * @throws ApiException 400 {@code malformed_json}, {@code invalid_body} or {@code invalid_field}
     */
    public static ObjectNode parseObject(byte[] body) {
        return object(parse(body));
    }

    /**
     * Parses a request body strictly. Beyond the JSON grammar, it refuses what lenient parsers let
     * through and what would otherwise alias or break later: a body that is not UTF-8 (including
     * overlong forms and encoded surrogates), text after the document, a key twice in one object,
     * a string or key holding NUL or an unpaired surrogate (escaped as <code>&#92;ud800</code>), and a
     * number that cannot be held exactly. Fractional numbers are read as exact {@link BigDecimal}s,
     * never doubles.
     *
     * @param body the raw body; may be null or empty
     * @return the JSON value
     * @throws ApiException 400 {@code malformed_json} when the body is not one UTF-8 JSON document,
     *     {@code invalid_field} naming the path of a duplicate key, bad string or unreadable number
     */
    public static JsonNode parse(byte[] body) {
        return new StrictReader(body, null).read();
    }

    /**
     * Parses a request body that must be a JSON object whose array field {@code itemsField} holds
     * items that stand alone: a defect inside one item (a duplicate key, NUL, an unpaired
     * surrogate, an unreadable number) does not refuse the body but is recorded against that item,
     * for the caller to reject it alone. Defects anywhere else refuse the body as in {@link #parse}.
     *
     * @param body the raw body; may be null or empty
     * @param itemsField the field of the root object whose array elements are items
     * @return the object and its items' defects
     * @throws ApiException 400 as {@link #parseObject}
     */
    public static Batch parseBatch(byte[] body, String itemsField) {
        StrictReader reader = new StrictReader(body, itemsField);
        ObjectNode root = object(reader.read());
        return new Batch(root, Map.copyOf(reader.itemDefects));
    }

    /**
     * A body parsed by {@link #parseBatch}.
     *
     * @param root the parsed object; an item with a defect holds an unspecified value at the fault
     * @param itemDefects the first defect of each item that has one, by its index in the array
     */
    public record Batch(ObjectNode root, Map<Integer, ApiException> itemDefects) {
        /** @return the first defect in the item at {@code index}, or null when it has none */
        public ApiException defect(int index) {
            return itemDefects.get(index);
        }
    }

    private static ObjectNode object(JsonNode node) {
        if (!node.isObject()) {
            throw new ApiException(400, "invalid_body", "the body must be a JSON object, was " + kind(node), null);
        }
        return (ObjectNode) node;
    }

    /**
     * Builds the tree from the token stream itself (rather than {@code ObjectMapper.readTree}) so
     * that every check happens while the value is in hand and its path is known: no second walk
     * over the tree, and a defect can be pinned to the item holding it.
     */
    private static final class StrictReader {
        private final byte[] body;
        private final String itemsField;
        private final Map<Integer, ApiException> itemDefects = new HashMap<>();
        private JsonParser parser;
        private int item = -1; // index of the item being read, or -1 outside items
        private boolean escapes; // the body has a backslash

        StrictReader(byte[] body, String itemsField) {
            this.body = body;
            this.itemsField = itemsField;
        }

        JsonNode read() {
            if (body == null || body.length == 0) {
                throw new ApiException(400, "malformed_json", "the body is empty; expected JSON", null);
            }
            int bad = scan();
            if (bad >= 0) {
                throw notUtf8(bad);
            }
            try (JsonParser p = FACTORY.createParser(body)) {
                parser = p;
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw new ApiException(400, "malformed_json", "the body is empty; expected JSON", null);
                }
                JsonNode root = value(first, 0);
                if (p.nextToken() != null) {
                    JsonLocation at = p.currentTokenLocation();
                    throw new ApiException(400, "malformed_json", "the body holds text after the JSON document"
                            + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + "); send one document",
                            null);
                }
                return root;
            } catch (StreamConstraintsException e) {
                throw new ApiException(400, "malformed_json", "the body exceeds a parser limit: "
                        + e.getOriginalMessage() + location(e), parser == null ? null : path(parser.getParsingContext()));
            } catch (JsonProcessingException e) {
                throw new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getOriginalMessage()
                        + location(e), null);
            } catch (IOException e) {
                throw new ApiException(400, "malformed_json", "the body cannot be read as JSON: " + e.getMessage(),
                        null);
            }
        }

        private JsonNode value(JsonToken t, int depth) throws IOException {
            switch (t) {
                case START_OBJECT -> {
                    ObjectNode o = NODES.objectNode();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        checkText(name, true);
                        JsonToken v = parser.nextToken();
                        JsonNode child = depth == 0 && v == JsonToken.START_ARRAY && name.equals(itemsField)
                                ? items() : value(v, depth + 1);
                        if (o.replace(name, child) != null && reportable()) {
                            String field = path(parser.getParsingContext());
                            defect(ApiException.invalid(field, field + " appears more than once in the same object;"
                                    + " send each key once"));
                        }
                    }
                    return o;
                }
                case START_ARRAY -> {
                    ArrayNode a = NODES.arrayNode();
                    for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
                        a.add(value(e, depth + 1));
                    }
                    return a;
                }
                case VALUE_STRING -> {
                    String s = parser.getText();
                    checkText(s, false);
                    return NODES.textNode(s);
                }
                case VALUE_NUMBER_INT -> {
                    return switch (parser.getNumberType()) {
                        case INT -> NODES.numberNode(parser.getIntValue());
                        case LONG -> NODES.numberNode(parser.getLongValue());
                        default -> NODES.numberNode(parser.getBigIntegerValue());
                    };
                }
                case VALUE_NUMBER_FLOAT -> {
                    try {
                        // DecimalNode directly: the factory would strip trailing zeros, a cost for nothing.
                        return DecimalNode.valueOf(parser.getDecimalValue());
                    } catch (NumberFormatException e) {
                        if (reportable()) {
                            String field = path(parser.getParsingContext());
                            defect(ApiException.invalid(field, (field == null ? "the value" : field)
                                    + " is not a number the server can hold: " + clip(parser.getText())));
                        }
                        return NODES.nullNode();
                    }
                }
                case VALUE_TRUE -> {
                    return NODES.booleanNode(true);
                }
                case VALUE_FALSE -> {
                    return NODES.booleanNode(false);
                }
                case VALUE_NULL -> {
                    return NODES.nullNode();
                }
                default -> throw new IllegalStateException("unexpected JSON token " + t);
            }
        }

        private ArrayNode items() throws IOException {
            ArrayNode a = NODES.arrayNode();
            int index = 0;
            for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
                item = index++;
                a.add(value(e, 2));
            }
            item = -1;
            return a;
        }

        /** @return false inside an item that already has a defect: only its first is kept */
        private boolean reportable() {
            return item < 0 || !itemDefects.containsKey(item);
        }

        private void defect(ApiException e) {
            if (item < 0) {
                throw e;
            }
            itemDefects.put(item, e);
        }

        private void checkText(String s, boolean key) {
            if (!escapes) {
                return; // NUL and unpaired surrogates can only come from escapes
            }
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                if (c != 0 && !Character.isSurrogate(c)) {
                    continue;
                }
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                if (!reportable()) {
                    return;
                }
                String field = path(parser.getParsingContext());
                String what = key ? "the key " + field : field == null ? "the value" : field;
                defect(ApiException.invalid(field, c == 0
                        ? what + " must not contain NUL (\\u0000) characters"
                        : what + " is not valid Unicode: it holds an unpaired surrogate "
                                + escape(c) + " at character " + i));
                return;
            }
        }

        /**
         * Strict UTF-8 validation, per the Unicode Standard's table of well-formed byte sequences: no
         * overlong forms, no encoded surrogates (CESU-8), nothing above U+10FFFF. Jackson's decoder
         * accepts all three (an overlong {@code C0 80} becomes NUL, {@code ED A0 80} an unpaired
         * surrogate), so the body is checked before it is parsed.
         *
         * <p>Also refuses the NUL byte: it is never valid in a JSON text (outside strings it is not
         * whitespace, inside it must be escaped), and refusing it keeps Jackson from taking a body for
         * UTF-16 or UTF-32, so every accepted body is UTF-8. And notes whether the body has a
         * backslash: without one, no string can hold NUL or an unpaired surrogate, and
         * {@link #checkText} has nothing to look for.
         *
         * @return the offset of the first byte that does not begin a well-formed sequence, or -1
         */
        private int scan() {
            byte[] b = body;
            int n = b.length;
            int i = 0;
            while (i < n) {
                // Nearly every byte of a request is plain ASCII: take eight at a time while none has its
                // high bit set, none is zero and none is a backslash (bit tricks: "has a zero byte").
                if (i + 8 <= n) {
                    long w = (long) LONGS.get(b, i);
                    long x = w ^ 0x5C5C5C5C5C5C5C5CL;
                    if (((w | (w - 0x0101010101010101L) & ~w | (x - 0x0101010101010101L) & ~x)
                            & 0x8080808080808080L) == 0) {
                        i += 8;
                        continue;
                    }
                }
                int c = b[i];
                if (c > 0) {
                    escapes |= c == '\\';
                    i++;
                    continue;
                }
                if (c == 0) {
                    return i;
                }
                c &= 0xFF;
                int length;
                int low = 0x80;
                int high = 0xBF;
                if (c >= 0xC2 && c <= 0xDF) {
                    length = 2;
                } else if (c >= 0xE0 && c <= 0xEF) {
                    length = 3;
                    if (c == 0xE0) {
                        low = 0xA0; // below: overlong
                    } else if (c == 0xED) {
                        high = 0x9F; // above: a surrogate
                    }
                } else if (c >= 0xF0 && c <= 0xF4) {
                    length = 4;
                    if (c == 0xF0) {
                        low = 0x90; // below: overlong
                    } else if (c == 0xF4) {
                        high = 0x8F; // above: beyond U+10FFFF
                    }
                } else {
                    return i; // a continuation byte, C0/C1 (overlong) or F5..FF
                }
                if (i + length > n) {
                    return i;
                }
                int second = b[i + 1] & 0xFF;
                if (second < low || second > high) {
                    return i;
                }
                for (int j = 2; j < length; j++) {
                    int next = b[i + j] & 0xFF;
                    if (next < 0x80 || next > 0xBF) {
                        return i;
                    }
                }
                i += length;
            }
            return -1;
        }

        private ApiException notUtf8(int offset) {
            String at = "byte " + String.format(Locale.ROOT, "0x%02X", body[offset] & 0xFF) + " at offset " + offset;
            String message = body[offset] == 0
                    ? "the body holds a NUL byte (" + at + "); send UTF-8 JSON, with NUL escaped as \\u0000 in strings"
                    : "the body is not valid UTF-8 (" + at + "); send UTF-8 JSON";
            return new ApiException(400, "malformed_json", message, locate(offset));
        }

        /**
         * Names the field whose string holds the byte at {@code offset}, by parsing the valid text
         * before it: the parse ends inside that string. Only on the error path.
         */
        private String locate(int offset) {
            try (JsonParser p = FACTORY.createParser(body, 0, offset)) {
                while (true) {
                    JsonToken t;
                    try {
                        t = p.nextToken();
                    } catch (JsonProcessingException e) {
                        // Ended inside a key (or outside any string): name the object holding it.
                        JsonStreamContext ctx = p.getParsingContext();
                        return ctx.inObject() ? path(ctx.getParent()) : null;
                    }
                    if (t == null) {
                        return null;
                    }
                    if (t == JsonToken.VALUE_STRING) {
                        try {
                            p.getText();
                        } catch (JsonProcessingException e) {
                            return path(p.getParsingContext());
                        }
                    }
                }
            } catch (IOException e) {
                return null;
            }
        }
    }

    /**
     * @param ctx the parser's context at a value or key
     * @return its path as the API names fields ({@code events[3].tags.project}), or null at the root
     */
    private static String path(JsonStreamContext ctx) {
        if (ctx == null || ctx.inRoot()) {
            return null;
        }
        String parent = path(ctx.getParent());
        if (ctx.inArray()) {
            return (parent == null ? "" : parent) + "[" + Math.max(ctx.getCurrentIndex(), 0) + "]";
        }
        String name = ctx.getCurrentName() == null ? "?" : printable(ctx.getCurrentName());
        return parent == null ? name : parent + "." + name;
    }

    /** @return s with NUL and unpaired surrogates written as <code>&#92;uXXXX</code>, safe in any message */
    private static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (sb != null) {
                    sb.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (c == 0 || Character.isSurrogate(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                sb.append(escape(c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String escape(char c) {
        return String.format(Locale.ROOT, "\\u%04X", (int) c);
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
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
        return HttpResponse.<byte[]>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(bytes(body));
    }

    /**
     * @param body a JSON document
     * @return its UTF-8 text, as {@link #respond} sends it
     */
    public static byte[] bytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON response", e);
        }
    }

    /** @return the error body of docs/api.md: {@code {"error":{"code","message","field"}}} */
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

package dev.llmlab.provider.cohere;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.provider.json.support.ReaderMessages;
import dev.llmlab.spi.InvalidUsageException;
import dev.llmlab.spi.SseEvents;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the billed usage out of Cohere responses with Jackson's streaming parser: only the usage
 * paths are read, everything else (message content, chat history, embeddings) is skipped.
 *
 * <p>Where Cohere puts the counts:
 * <ul>
 *   <li>API v2 Chat: {@code usage.billed_units} (and {@code usage.tokens});</li>
 *   <li>API v1 Chat, v1 Generate, v1 and v2 Embed, Rerank, Classify: {@code meta.billed_units}
 *       (and, for Chat, {@code meta.tokens});</li>
 *   <li>API v2 streaming (server-sent events, or the same events as JSON lines): the
 *       {@code message-end} event's {@code delta.usage.billed_units};</li>
 *   <li>API v1 streaming (newline-delimited JSON, not SSE): the last event
 *       ({@code "event_type":"stream-end"} for Chat, {@code "is_finished":true} for Generate) has
 *       {@code response.meta.billed_units}.</li>
 * </ul>
 * Cohere bills {@code billed_units}, which leave out the special and system tokens Cohere adds
 * itself (https://docs.cohere.com/docs/how-does-cohere-pricing-work), so {@code tokens} is never
 * priced. Cohere has no prompt cache and reports no reasoning tokens; its responses name no model.
 */
final class CohereUsageReader {
    /** Shared, thread-safe; parsers made from it are per call. */
    static final JsonFactory JSON = JsonFactory.builder().build();

    static final String PROVIDER = "cohere";
    private static final ReaderMessages MESSAGES = ReaderMessages.clippingAt(200, "…").clippingParserMessages();
    private static final int MAX_NESTED_RESPONSE = 2;

    private CohereUsageReader() {
    }

    /** Counts of one {@code billed_units} or {@code tokens} object; -1 where absent. */
    static final class Units {
        long input = -1;
        long output = -1;
        long images = -1;
        long imageTokens = -1;
        boolean searchUnits;
        boolean classifications;
        String path;
    }

    /** What one JSON value (a body, or one streamed event) carried. */
    static final class Found {
        Units billed;
        Units tokens;
        String errorMessage;

        boolean hasUsage() {
            return billed != null || tokens != null;
        }
    }

    /**
     * Reads a response body: a JSON document, a sequence of JSON values (API v1 streaming, one
     * event a line), or a server-sent events transcript (API v2 streaming). An empty body is
     * reported by {@link #parseDocument}.
     */
    static Usage parse(byte[] body) {
        if (SseEvents.isEventStream(body)) {
            return readEventStream(new String(body, StandardCharsets.UTF_8));
        }
        // the same reader over the fast parser first; errors and anything unusual are read by Jackson
        return FastJsonParser.read(body, CohereUsageReader::parseDocument, () -> parseWithJackson(body));
    }

    /** Reads a body with Jackson's parser only: the reference the fast path must agree with. */
    static Usage parseWithJackson(byte[] body) {
        return MESSAGES.readWithJackson(JSON, body, CohereUsageReader::parseDocument);
    }

    /** Reads a body the caller already parsed into a Jackson tree. */
    static Usage parseTree(JsonNode tree) {
        try (JsonParser p = tree.traverse()) {
            if (p.nextToken() == null) {
                throw new UsageParseException("the JSON tree is empty: expected a Cohere response object");
            }
            Found f = new Found();
            readObject(p, f, "", 0);
            return toUsage(f, "the response");
        } catch (JsonProcessingException e) {
            throw MESSAGES.malformed("", e);
        } catch (IOException e) {
            throw new UsageParseException("unreadable JSON tree: " + e.getMessage(), e);
        }
    }

    static Usage parseDocument(JsonParser p) throws IOException {
        if (p.nextToken() == null) {
            throw new UsageParseException("the body is empty: expected a Cohere JSON response or streamed transcript");
        }
        Found first = new Found();
        readObject(p, first, "", 0);
        if (p.nextToken() == null) {
            return toUsage(first, "the response"); // one document: the common, fast path
        }
        // More root values: API v1 streaming (JSON lines), or API v2 events printed without SSE
        // framing. The usage rides on the last event (stream-end / message-end).
        Found withUsage = first.hasUsage() ? first : null;
        Found error = first.errorMessage != null ? first : null;
        int events = 1;
        do {
            events++;
            Found f = new Found();
            readObject(p, f, "", 0);
            if (f.hasUsage()) {
                withUsage = f;
            } else if (f.errorMessage != null && error == null) {
                error = f;
            }
        } while (p.nextToken() != null);
        if (withUsage != null) {
            return toUsage(withUsage, "the stream's last usage event");
        }
        if (error != null) {
            throw errorBody(error.errorMessage);
        }
        throw new UsageParseException("no usage: the stream of " + events + " JSON events has no 'stream-end' event"
                + " with 'response.meta.billed_units' (API v1) nor 'message-end' event with"
                + " 'delta.usage.billed_units' (API v2); was it cut short?");
    }

    private static Usage readEventStream(String transcript) {
        List<String> events = SseEvents.dataPayloads(transcript);
        if (events.isEmpty()) {
            throw new UsageParseException("no usage: the event stream carries no data events");
        }
        String error = null;
        // The usage arrives in the last event (message-end); read from the end and stop there.
        for (int i = events.size() - 1; i >= 0; i--) {
            String where = "event " + (i + 1) + " of " + events.size() + ": ";
            Found f = new Found();
            try (JsonParser p = JSON.createParser(events.get(i))) {
                if (p.nextToken() == null) {
                    continue;
                }
                readObject(p, f, "", 0);
                if (p.nextToken() != null) {
                    throw new UsageParseException(where + "expected one JSON object in the event's data, found more");
                }
            } catch (JsonProcessingException e) {
                throw MESSAGES.malformed(where, e);
            } catch (IOException e) {
                throw new UsageParseException(where + "unreadable data: " + e.getMessage(), e);
            } catch (UsageParseException e) {
                throw new UsageParseException(where + e.getMessage(), e);
            }
            if (f.hasUsage()) {
                return toUsage(f, "the 'message-end' event");
            }
            if (f.errorMessage != null && error == null) {
                error = f.errorMessage;
            }
        }
        if (error != null) {
            throw errorBody(error);
        }
        throw new UsageParseException("no usage: none of the " + events.size() + " streamed events is a 'message-end'"
                + " event with 'delta.usage.billed_units'; was the stream cut short?");
    }

    /**
     * Reads one JSON object whose start token is current, collecting the usage paths. Recurses
     * into {@code response} (v1 stream-end) and {@code delta} (v2 message-end), bounded.
     */
    private static void readObject(JsonParser p, Found f, String prefix, int depth) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT) {
            throw new UsageParseException((prefix.isEmpty() ? "the response" : "'" + prefix.substring(0, prefix.length() - 1)
                    + "'") + ": expected a JSON object, got " + MESSAGES.describe(p));
        }
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "usage":
                case "meta":
                    readUsageHolder(p, f, prefix + name);
                    break;
                case "response":
                case "delta":
                    if (v == JsonToken.START_OBJECT && depth < MAX_NESTED_RESPONSE) {
                        readObject(p, f, prefix + name + ".", depth + 1);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "message":
                    // API errors are {"message": "..."} (v1) or {"id": "...", "message": "..."} (v2);
                    // a v2 chat response's "message" is an object and is skipped.
                    if (v == JsonToken.VALUE_STRING && depth == 0) {
                        f.errorMessage = p.getText();
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new UsageParseException("unexpected " + t + " in a JSON object");
        }
    }

    /** {@code usage} (v2) or {@code meta} (v1 and Embed): holds {@code billed_units} and {@code tokens}. */
    private static void readUsageHolder(JsonParser p, Found f, String path) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new UsageParseException(path + ": expected an object, got " + MESSAGES.describe(p));
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("billed_units")) {
                Units u = readUnits(p, path + ".billed_units");
                if (u != null) {
                    f.billed = u;
                }
            } else if (name.equals("tokens") && p.currentToken() == JsonToken.START_OBJECT) {
                f.tokens = readUnits(p, path + ".tokens");
            } else {
                p.skipChildren(); // api_version, warnings, cached_tokens, a tokenizer's token list
            }
        }
    }

    private static Units readUnits(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new UsageParseException(path + ": expected an object, got " + MESSAGES.describe(p));
        }
        Units u = new Units();
        u.path = path;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "input_tokens":
                    u.input = count(p, path + ".input_tokens");
                    break;
                case "output_tokens":
                    u.output = count(p, path + ".output_tokens");
                    break;
                case "images":
                    u.images = count(p, path + ".images");
                    break;
                case "image_tokens":
                    u.imageTokens = count(p, path + ".image_tokens");
                    break;
                case "search_units":
                    u.searchUnits = positiveAmount(p, path + ".search_units");
                    break;
                case "classifications":
                    u.classifications = positiveAmount(p, path + ".classifications");
                    break;
                default:
                    p.skipChildren();
            }
        }
        return u;
    }

    /**
     * A token count: a non-negative whole number that fits a long. Cohere's SDKs type the counts
     * as floats, so an integral float ({@code 12.0}) is accepted; null means absent (-1).
     */
    private static long count(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new UsageParseException(path + ": " + p.getText() + " is too large for a token count (more than "
                        + Long.MAX_VALUE + ")");
            }
            long v = p.getLongValue();
            if (v < 0) {
                throw new UsageParseException(path + ": expected a non-negative integer, got " + v);
            }
            return v;
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            String text = p.getText();
            BigDecimal d;
            try {
                d = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new UsageParseException(path + ": expected a non-negative integer, got " + text);
            }
            if (d.signum() < 0) {
                throw new UsageParseException(path + ": expected a non-negative integer, got " + text);
            }
            try {
                return d.stripTrailingZeros().longValueExact();
            } catch (ArithmeticException e) {
                throw new UsageParseException(path + ": expected a non-negative integer that fits a long, got " + text);
            }
        }
        throw new UsageParseException(path + ": expected a non-negative integer, got " + MESSAGES.describe(p));
    }

    /** A per-unit amount (search units, classifications): true when positive. */
    private static boolean positiveAmount(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new UsageParseException(path + ": expected a non-negative number, got " + MESSAGES.describe(p));
        }
        String text = p.getText();
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new UsageParseException(path + ": expected a non-negative number, got " + text);
        }
        if (d.signum() < 0) {
            throw new UsageParseException(path + ": expected a non-negative number, got " + text);
        }
        return d.signum() > 0;
    }

    /** Turns what a body carried into normalized usage, or says exactly why it cannot. */
    static Usage toUsage(Found f, String what) {
        Units b = f.billed;
        if (b == null) {
            if (f.tokens != null) {
                throw new UsageParseException("no billed usage: " + what + " has '" + f.tokens.path + "' but no '"
                        + f.tokens.path.replace(".tokens", ".billed_units") + "'; Cohere bills billed units, which"
                        + " leave out the tokens Cohere adds itself, so 'tokens' cannot be priced");
            }
            if (f.errorMessage != null) {
                throw errorBody(f.errorMessage);
            }
            throw new UsageParseException("no usage: " + what + " has no 'usage.billed_units' (API v2 Chat) nor"
                    + " 'meta.billed_units' (API v1, Embed) object");
        }
        if (b.imageTokens > 0 || b.images > 0) {
            throw new UsageParseException(b.path + ": the call embedded images ("
                    + (b.imageTokens > 0 ? "image_tokens=" + b.imageTokens : "images=" + b.images)
                    + "), which Cohere bills at a separate image rate that LLMlab does not price yet");
        }
        long input = Math.max(b.input, 0);
        long output = Math.max(b.output, 0);
        if (input == 0 && output == 0 && (b.searchUnits || b.classifications)) {
            throw new UsageParseException(b.path + ": " + (b.searchUnits ? "rerank" : "classify")
                    + " billing is per " + (b.searchUnits ? "search unit" : "classification")
                    + ", not per token, and is not supported yet; the body reports '"
                    + (b.searchUnits ? "search_units" : "classifications") + "' and no tokens");
        }
        if (b.input < 0 && b.output < 0) {
            throw new UsageParseException(b.path + ": has neither 'input_tokens' nor 'output_tokens'");
        }
        try {
            return Usage.builder(PROVIDER, null).inputTokens(input).outputTokens(output).build();
        } catch (InvalidUsageException e) {
            throw new UsageParseException(b.path + ": " + e.getMessage(), e);
        }
    }

    private static UsageParseException errorBody(String message) {
        return new UsageParseException("Cohere returned an error, not a response: \"" + MESSAGES.clip(message) + "\"");
    }
}

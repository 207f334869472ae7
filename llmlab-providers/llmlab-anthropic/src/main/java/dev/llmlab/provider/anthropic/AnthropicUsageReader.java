package dev.llmlab.provider.anthropic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.provider.json.support.Counts;
import dev.llmlab.provider.json.support.ReaderMessages;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.SseEvents;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads the usage of Claude Messages API responses with Jackson's streaming parser: only the
 * {@code type}, {@code model}, {@code usage} and {@code error} members are read, everything else
 * (the content blocks above all) is skipped without building a tree.
 *
 * <p>Shapes (https://docs.claude.com/en/api/messages, .../messages-streaming):
 * <ul>
 *   <li>a message body {@code {"type":"message","model":...,"usage":{...}}}, the same from the
 *       Anthropic API, Amazon Bedrock's InvokeModel and Google Vertex AI's rawPredict;</li>
 *   <li>an error body {@code {"type":"error","error":{"type":"overloaded_error","message":...}}};</li>
 *   <li>a stream: {@code message_start} (its {@code message.usage} holds the input and cache
 *       counts and a provisional output count), content events, {@code message_delta} (its
 *       {@code usage} holds the cumulative output count and, in newer API versions, the input,
 *       cache and server-tool counts again), {@code message_stop}; or an {@code error} event;</li>
 *   <li>the same events as JSON objects one after another, without the SSE framing (Amazon
 *       Bedrock's InvokeModelWithResponseStream chunks, decoded).</li>
 * </ul>
 */
final class AnthropicUsageReader {
    static final String PROVIDER = "anthropic";

    /** Shared and thread-safe; source text is kept out of error locations (bodies hold prompts). */
    static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    private static final ReaderMessages MESSAGES = ReaderMessages.clippingAt(40, "...").positionLast();


    private AnthropicUsageReader() {
    }

    /** The members of one JSON object (a body, an event, or an event's {@code message}). */
    private static final class Fields {
        String type;
        String model;
        UsageCounts usage;
        boolean error;
        String errorType;
        String errorMessage;
        Fields message; // an event's "message" member (message_start)
        Fields result; // a Message Batches result line's "result"
        String customId;
    }

    // ---------------------------------------------------------------- bodies

    static Usage parse(byte[] body) {
        if (SseEvents.isEventStream(body)) {
            return parseStream(body);
        }
        // the same reader over the fast parser first; errors and anything unusual are read by Jackson
        return FastJsonParser.read(body, AnthropicUsageReader::parseDocument, () -> parseWithJackson(body));
    }

    /** Reads a body with Jackson's parser only: the reference the fast path must agree with. */
    static Usage parseWithJackson(byte[] body) {
        return MESSAGES.readWithJackson(JSON, body, AnthropicUsageReader::parseDocument);
    }

    /** Reads a body the caller already parsed into a Jackson tree; same rules as a body. */
    static Usage parseTree(JsonNode tree) {
        try (JsonParser p = tree.traverse()) {
            return parseDocument(p);
        } catch (JsonProcessingException e) {
            throw new UsageParseException("unreadable JSON tree: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UsageParseException("unreadable JSON tree: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a whole JSON document from the parser: a message body, an error body, or stream
     * events written one JSON object after another (Amazon Bedrock's InvokeModelWithResponseStream
     * chunks, decoded, carry exactly the Messages stream events).
     */
    static Usage parseDocument(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new UsageParseException("empty body: expected an Anthropic Messages API response (a JSON object "
                    + "with 'usage') or a streamed transcript");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new UsageParseException("expected a JSON object at the top level, got " + MESSAGES.describe(p));
        }
        Fields f = new Fields();
        readObject(p, "", f, true);
        if ("message_start".equals(f.type)) {
            return parseEventObjects(p, f);
        }
        if (p.nextToken() != null) {
            throw new UsageParseException("unexpected content after the JSON object"
                    + ReaderMessages.at(p.currentLocation()));
        }
        if (f.error || "error".equals(f.type)) {
            throw apiError(f, "");
        }
        if (f.usage == null && f.customId != null && f.result != null) {
            return batchResult(f.result);
        }
        if (f.usage == null) {
            throw new UsageParseException("no usage: the response has no 'usage' object"
                    + (f.type == null ? " (and no \"type\":\"message\"; is it an Anthropic Messages API response?)"
                            : ""));
        }
        return f.usage.toUsage(PROVIDER, f.model, "usage");
    }

    /**
     * A line of a Message Batches results file: {@code {"custom_id":…,"result":{"type":"succeeded",
     * "message":{…}}}}. Its usage says {@code "service_tier":"batch"}; a line without one is still
     * a batch call, billed at the batch rates.
     */
    private static Usage batchResult(Fields result) {
        if (result.error || "errored".equals(result.type)) {
            throw apiError(result, "result.");
        }
        if (result.message == null || result.message.usage == null) {
            throw new UsageParseException("no usage: the batch result is '" + result.type + "', not 'succeeded' with a"
                    + " message; only succeeded requests are billed");
        }
        Usage usage = result.message.usage.toUsage(PROVIDER, result.message.model, "result.message.usage");
        return usage.serviceTierReported() ? usage : usage.withServiceTier(ServiceTier.BATCH);
    }

    /** Reads the remaining root-level event objects after a first {@code message_start}. */
    private static Usage parseEventObjects(JsonParser p, Fields first) throws IOException {
        StreamUsage stream = new StreamUsage();
        stream.accept(first, 1);
        int n = 1;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            n++;
            if (t != JsonToken.START_OBJECT) {
                throw new UsageParseException("event " + n + ": expected a JSON object, got " + MESSAGES.describe(p));
            }
            Fields f = new Fields();
            readObject(p, "", f, true);
            stream.accept(f, n);
        }
        return stream.finish(false);
    }

    // ---------------------------------------------------------------- streams

    /**
     * Event types that never carry usage. Their data is not parsed, which keeps long streams
     * (one content_block_delta per few tokens) cheap; their malformations go unreported because
     * they cannot change the counts.
     */
    private static final java.util.Set<String> CONTENT_EVENTS = java.util.Set.of("content_block_start",
            "content_block_delta", "content_block_stop", "ping", "message_stop");

    private static Usage parseStream(byte[] body) {
        StreamUsage stream = new StreamUsage();
        int events = SseEvents.forEachData(body, (buf, off, len, n) -> {
            if (SseEvents.isBlank(buf, off, len)) {
                return;
            }
            String type = leadingType(buf, off, len);
            if (type != null && CONTENT_EVENTS.contains(type)) {
                return;
            }
            Fields f = new Fields();
            try (JsonParser p = JSON.createParser(buf, off, len)) {
                JsonToken first = p.nextToken();
                if (first != JsonToken.START_OBJECT) {
                    throw new UsageParseException("event " + n + ": expected a JSON object as the event data, got "
                            + MESSAGES.describe(p));
                }
                readObject(p, "", f, true);
                if (p.nextToken() != null) {
                    throw new UsageParseException("event " + n + ": unexpected content after the JSON object"
                            + ReaderMessages.at(p.currentLocation()));
                }
            } catch (JsonProcessingException e) {
                throw MESSAGES.malformed("event " + n + ": ", e);
            } catch (IOException e) {
                throw new UsageParseException("event " + n + ": unreadable data: " + e.getMessage(), e);
            }
            stream.accept(f, n);
        });
        return stream.finish(events == 0);
    }

    /**
     * Reads the event type when the data starts with its {@code "type"} member, as Anthropic
     * writes every event: {@code {"type":"content_block_delta",...}} (or {@code {"type": "ping"}}).
     *
     * @return the type, or null when the data does not start that way
     */
    static String leadingType(byte[] b, int off, int len) {
        int end = off + len;
        int k = skipBlanks(b, off, end);
        if (k >= end || b[k] != '{') {
            return null;
        }
        k = skipBlanks(b, k + 1, end);
        if (!startsWith(b, k, end, "\"type\"")) {
            return null;
        }
        k = skipBlanks(b, k + 6, end);
        if (k >= end || b[k] != ':') {
            return null;
        }
        k = skipBlanks(b, k + 1, end);
        if (k >= end || b[k] != '"') {
            return null;
        }
        int start = ++k;
        while (k < end && b[k] != '"') {
            byte c = b[k];
            if (c == '\\' || c < 0x20 || c > 0x7e) {
                return null; // escapes or non-ASCII: leave it to the JSON parser
            }
            k++;
        }
        if (k >= end) {
            return null;
        }
        return new String(b, start, k - start, StandardCharsets.US_ASCII);
    }

    /** Skips JSON's blanks: space, tab, CR, LF. */
    private static int skipBlanks(byte[] b, int k, int end) {
        while (k < end && (b[k] == ' ' || b[k] == '\t' || b[k] == '\r' || b[k] == '\n')) {
            k++;
        }
        return k;
    }

    private static boolean startsWith(byte[] b, int k, int end, String ascii) {
        if (end - k < ascii.length()) {
            return false;
        }
        for (int j = 0; j < ascii.length(); j++) {
            if (b[k + j] != ascii.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds stream events into the final usage: {@code message_start}'s usage overlaid with the
     * non-null counts of the last {@code message_delta} (its counts are cumulative).
     */
    private static final class StreamUsage {
        private UsageCounts start;
        private UsageCounts lastDelta;
        private String model;

        void accept(Fields f, int n) {
            if (f.error || "error".equals(f.type)) {
                throw apiError(f, "stream event " + n + ": ");
            }
            if ("message_start".equals(f.type)) {
                if (f.message == null || f.message.usage == null) {
                    throw new UsageParseException("event " + n + " (message_start): no 'message.usage' object");
                }
                start = f.message.usage;
                model = f.message.model;
            } else if ("message_delta".equals(f.type) && f.usage != null) {
                lastDelta = f.usage;
            }
        }

        Usage finish(boolean noEvents) {
            if (start == null) {
                throw new UsageParseException("no usage: the stream has no 'message_start' event with 'message.usage'"
                        + (noEvents ? " (it has no data events at all)" : ""));
            }
            if (lastDelta == null) {
                // message_start's output_tokens is a provisional count (often 1): reporting it would
                // under-bill silently.
                throw new UsageParseException("no final usage: the stream has no 'message_delta' event with 'usage'; "
                        + "was it cut off before the end?");
            }
            start.overlay(lastDelta);
            return start.toUsage(PROVIDER, model, "message_start.message.usage");
        }
    }

    // ---------------------------------------------------------------- members

    /**
     * Reads the members of the object whose START_OBJECT is the current token, up to and
     * including its END_OBJECT.
     */
    private static void readObject(JsonParser p, String path, Fields into, boolean event) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "type":
                    into.type = string(p, path, "type");
                    break;
                case "model":
                    into.model = string(p, path, "model");
                    break;
                case "usage":
                    into.usage = usage(p, path);
                    break;
                case "error":
                    readError(p, path + "error", into);
                    break;
                case "custom_id":
                    into.customId = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                    p.skipChildren();
                    break;
                case "result":
                    if (event && path.isEmpty() && p.currentToken() == JsonToken.START_OBJECT) {
                        into.result = new Fields();
                        readObject(p, "result.", into.result, true);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "message":
                    if (event && p.currentToken() == JsonToken.START_OBJECT) {
                        into.message = new Fields();
                        readObject(p, path + "message.", into.message, false);
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new UsageParseException((path.isEmpty() ? "" : path + ": ") + "truncated JSON object");
        }
    }

    /** Paths in messages are {@code prefix + field}, joined only when a message is written. */
    private static UsageCounts usage(JsonParser p, String prefix) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new UsageParseException(prefix + "usage: expected an object, got " + MESSAGES.describe(p));
        }
        UsageCounts u = new UsageCounts();
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "input_tokens":
                    u.inputTokens = count(p, prefix, "usage.input_tokens");
                    break;
                case "cache_creation_input_tokens":
                    u.cacheCreationInputTokens = count(p, prefix, "usage.cache_creation_input_tokens");
                    break;
                case "cache_read_input_tokens":
                    u.cacheReadInputTokens = count(p, prefix, "usage.cache_read_input_tokens");
                    break;
                case "output_tokens":
                    u.outputTokens = count(p, prefix, "usage.output_tokens");
                    break;
                case "cache_creation":
                    cacheCreation(p, prefix, u);
                    break;
                case "server_tool_use":
                    serverToolUse(p, prefix, u);
                    break;
                case "service_tier":
                    u.serviceTier = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                    p.skipChildren();
                    break;
                case "inference_geo":
                    u.inferenceGeo = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                    p.skipChildren();
                    break;
                default:
                    p.skipChildren(); // iterations, speed...
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new UsageParseException(prefix + "usage: truncated JSON object");
        }
        return u;
    }

    private static void cacheCreation(JsonParser p, String prefix, UsageCounts u) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new UsageParseException(prefix + "usage.cache_creation: expected an object, got "
                    + MESSAGES.describe(p));
        }
        u.cacheCreationBreakdown = true;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if ("ephemeral_5m_input_tokens".equals(name)) {
                u.ephemeral5mInputTokens = count(p, prefix, "usage.cache_creation.ephemeral_5m_input_tokens");
            } else if ("ephemeral_1h_input_tokens".equals(name)) {
                u.ephemeral1hInputTokens = count(p, prefix, "usage.cache_creation.ephemeral_1h_input_tokens");
            } else {
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new UsageParseException(prefix + "usage.cache_creation: truncated JSON object");
        }
    }

    private static void serverToolUse(JsonParser p, String prefix, UsageCounts u) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new UsageParseException(prefix + "usage.server_tool_use: expected an object, got "
                    + MESSAGES.describe(p));
        }
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if ("web_search_requests".equals(name)) {
                u.webSearchRequests = count(p, prefix, "usage.server_tool_use.web_search_requests");
            } else {
                p.skipChildren(); // web_fetch_requests: web fetch bills only its tokens
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new UsageParseException(prefix + "usage.server_tool_use: truncated JSON object");
        }
    }

    private static void readError(JsonParser p, String path, Fields into) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        into.error = true;
        if (t != JsonToken.START_OBJECT) {
            into.errorMessage = p.currentToken().isScalarValue() ? p.getText() : null;
            p.skipChildren();
            return;
        }
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if ("type".equals(name) && p.currentToken() == JsonToken.VALUE_STRING) {
                into.errorType = p.getText();
            } else if ("message".equals(name) && p.currentToken() == JsonToken.VALUE_STRING) {
                into.errorMessage = p.getText();
            } else {
                p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new UsageParseException(path + ": truncated JSON object");
        }
    }

    /** Reads a token count: a JSON integer in 0..Long.MAX_VALUE, or null (absent). */
    private static long count(JsonParser p, String prefix, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return Counts.ABSENT;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new UsageParseException(prefix + field + ": expected a non-negative integer, got "
                    + MESSAGES.describe(p));
        }
        long value;
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            BigInteger big = p.getBigIntegerValue();
            if (big.bitLength() > 63) {
                throw new UsageParseException(prefix + field + ": expected a non-negative integer up to "
                        + Long.MAX_VALUE + ", got " + MESSAGES.clip(big.toString()));
            }
            value = big.longValue();
        } else {
            value = p.getLongValue();
        }
        if (value < 0) {
            throw new UsageParseException(prefix + field + ": expected a non-negative integer, got " + value);
        }
        return value;
    }

    private static String string(JsonParser p, String prefix, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new UsageParseException(prefix + field + ": expected a string, got " + MESSAGES.describe(p));
        }
        return p.getText();
    }

    private static UsageParseException apiError(Fields f, String prefix) {
        String type = f.errorType == null ? "unknown error type" : f.errorType;
        String message = f.errorMessage == null ? "(no message)" : f.errorMessage;
        return new UsageParseException(prefix + "Anthropic API error " + type + ": " + message
                + " (an error response carries no usage)");
    }
}

package dev.llmlab.provider.openai;

import static dev.llmlab.provider.json.support.Counts.ABSENT;
import static dev.llmlab.provider.json.support.Counts.orZero;
import static dev.llmlab.provider.json.support.Counts.required;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.provider.json.support.ReaderMessages;
import dev.llmlab.spi.InvalidUsageException;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.SseEvents;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads OpenAI response bodies and streamed transcripts with Jackson's streaming parser: only the
 * fields that carry usage, the model and errors are read; everything else (message content,
 * choices, embeddings) is skipped without being decoded. Stateless; every method is thread-safe.
 *
 * <p>The shapes read, all of which Azure OpenAI returns as well:
 * <ul>
 *   <li>Chat Completions ({@code "object":"chat.completion"}) and legacy Completions
 *       ({@code "text_completion"}): {@code usage.prompt_tokens} already includes
 *       {@code prompt_tokens_details.cached_tokens}; {@code completion_tokens} includes
 *       {@code completion_tokens_details.reasoning_tokens}.</li>
 *   <li>Embeddings ({@code "object":"list"}): {@code usage.prompt_tokens} only.</li>
 *   <li>Responses API ({@code "object":"response"}): {@code usage.input_tokens} includes
 *       {@code input_tokens_details.cached_tokens}; {@code output_tokens} includes
 *       {@code output_tokens_details.reasoning_tokens}; each {@code web_search_call} output item
 *       is one billed web search.</li>
 *   <li>Streamed Chat Completions: {@code chat.completion.chunk} events, usage in the last chunk
 *       only when the request set {@code stream_options.include_usage}.</li>
 *   <li>Streamed Responses API: usage in the {@code response} of the {@code response.completed},
 *       {@code response.incomplete} or {@code response.failed} event.</li>
 *   <li>Realtime API {@code response.done} events (and any single streamed event passed on its
 *       own): usage in {@code response.usage}, with {@code input_token_details} (singular)
 *       splitting cached and audio tokens.</li>
 *   <li>Batch API output lines ({@code {"custom_id":…,"response":{"status_code":200,"body":{…}}}}):
 *       the body's usage, at the batch service tier.</li>
 *   <li>Error bodies {@code {"error":{"message":...,"type":...,"code":...}}}.</li>
 * </ul>
 * Every shape's {@code service_tier} (in the body, in a Responses API event's {@code response},
 * in each chat chunk) is the tier billed; see {@link #serviceTier(String)}.
 */
final class OpenAiUsageReader {
    static final String PROVIDER = "openai";

    /**
     * One factory for every parse: factories are thread-safe and expensive to build. The limits
     * keep hostile input (deeply nested arrays, thousand-digit numbers) cheap to reject.
     */
    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(500)
                    .maxNumberLength(200)
                    .build())
            .build();

    private static final ReaderMessages MESSAGES = ReaderMessages.clippingAt(60, "...").namingTruncatedJson()
            .unreadableBodyAs("cannot read the body: ");

    private OpenAiUsageReader() {
    }

    /** The usage counts of one {@code usage} object, {@code ABSENT} where a field was missing or null. */
    static final class UsageFields {
        final String path;
        long promptTokens = ABSENT;
        long completionTokens = ABSENT;
        long inputTokens = ABSENT;
        long outputTokens = ABSENT;
        long promptCached = ABSENT;
        long promptAudio = ABSENT;
        long promptCachedAudio = ABSENT;
        long completionReasoning = ABSENT;
        long completionAudio = ABSENT;
        long inputCached = ABSENT;
        long inputAudio = ABSENT;
        long inputCachedAudio = ABSENT;
        long outputReasoning = ABSENT;
        long outputAudio = ABSENT;

        UsageFields(String path) {
            this.path = path;
        }
    }

    /** What one JSON object (a body, a streamed chunk or event, or an event's response) said. */
    static final class Fields {
        String object;
        String type;
        String model;
        String serviceTier;
        String customId; // a line of a Batch API output file
        Fields body; // that line's response.body
        UsageFields usage;
        boolean usageNull;
        long webSearchCalls;
        boolean error;
        String errorType;
        String errorCode;
        String errorMessage;
        String code; // top-level code/message of a streamed "error" event
        String message;
        Fields response;
    }

    // ---------------------------------------------------------------- entry points

    static Usage parse(byte[] body) {
        if (SseEvents.isEventStream(body)) {
            return parseStream(body);
        }
        // the same reader over the fast parser first; errors and anything unusual are read by Jackson
        return FastJsonParser.read(body, OpenAiUsageReader::parseDocument, () -> parseWithJackson(body));
    }

    /** Reads a body with Jackson's parser only: the reference the fast path must agree with. */
    static Usage parseWithJackson(byte[] body) {
        return MESSAGES.readWithJackson(JSON, body, OpenAiUsageReader::parseDocument);
    }

    /**
     * Reads a parsed tree through its token stream, with the same rules as a body; a text node is
     * read as a body or transcript.
     */
    static Usage parseTree(JsonNode tree) {
        if (tree.isTextual()) {
            return parse(tree.textValue().getBytes(StandardCharsets.UTF_8));
        }
        try (JsonParser p = tree.traverse()) {
            return parseDocument(p);
        } catch (JsonProcessingException e) {
            throw MESSAGES.malformed("", e);
        } catch (IOException e) {
            throw new UsageParseException("cannot read the JSON tree: " + e.getMessage(), e);
        }
    }

    static Usage parseDocument(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new UsageParseException("the body is empty: expected an OpenAI JSON response or a streamed"
                    + " (server-sent events) response");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new UsageParseException("expected a JSON object at the top level, got "
                    + MESSAGES.describe(p, first));
        }
        Fields f = readObject(p, true);
        JsonToken after = p.nextToken();
        if (after != null) {
            JsonLocation at = p.currentTokenLocation();
            throw new UsageParseException("unexpected content after the JSON object at line " + at.getLineNr()
                    + ", column " + at.getColumnNr() + ": " + MESSAGES.describe(p, after));
        }
        if (f.customId != null && f.response != null && f.response.body != null) {
            // a Batch API output line: billed at the batch rates whatever the body's service_tier says
            return toUsage(f.response.body).withServiceTier(ServiceTier.BATCH);
        }
        if (f.usage == null && f.response != null && (f.response.usage != null || f.response.error)) {
            // one event of a stream or of the Realtime API (response.done), passed on its own
            return toUsage(f.response);
        }
        if (f.usage == null && f.response != null && f.type != null) {
            throw new UsageParseException("no usage: this is a single '" + f.type + "' event, whose 'response' carries"
                    + " no usage yet; usage arrives in response.completed, response.incomplete or response.failed"
                    + " (Realtime API: response.done)");
        }
        return toUsage(f);
    }

    // ---------------------------------------------------------------- streamed responses

    /**
     * Reads a streamed transcript in place: each event's data over the fast parser, and over
     * Jackson (from a string, with the same messages as {@link #parseStream(String)}) when the
     * fast parser declines or the event is in error.
     */
    static Usage parseStream(byte[] body) {
        StreamFolder stream = new StreamFolder();
        int n = SseEvents.forEachData(body, (buf, off, len, index) -> {
            if (!SseEvents.isBlank(buf, off, len)) {
                stream.accept(FastJsonParser.read(buf, off, len, OpenAiUsageReader::readEventObject,
                        () -> readEvent(new String(buf, off, len, StandardCharsets.UTF_8), index)));
            }
        });
        return stream.finish(n);
    }

    /** Reads a streamed transcript event by event with Jackson: the reference for the in-place reading. */
    static Usage parseStream(String transcript) {
        List<String> payloads = SseEvents.dataPayloads(transcript);
        StreamFolder stream = new StreamFolder();
        int n = 0;
        for (String payload : payloads) {
            n++;
            if (!payload.isBlank()) {
                stream.accept(readEvent(payload, n));
            }
        }
        return stream.finish(n);
    }

    /** Folds the events of one stream into its usage. */
    private static final class StreamFolder {
        private Fields usageHolder;
        private String chunkModel;
        private String chunkServiceTier;
        private boolean chat;
        private boolean responses;
        private String error;

        void accept(Fields f) {
            if ("chat.completion.chunk".equals(f.object)) {
                chat = true;
                if (f.model != null && !f.model.isEmpty()) {
                    chunkModel = f.model; // Azure's first chunk (prompt_filter_results) has model ""
                }
                if (f.serviceTier != null) {
                    chunkServiceTier = f.serviceTier; // every chunk repeats it; the last one says what was billed
                }
                if (f.usage != null) {
                    usageHolder = f;
                }
            } else if (f.type != null && f.type.startsWith("response.")) {
                responses = true;
                Fields r = f.response;
                if (r != null && r.usage != null) {
                    usageHolder = r;
                }
                if (r != null && r.error) {
                    error = errorText(r);
                }
            } else if ("error".equals(f.type)) {
                error = "OpenAI reported an error in the stream (code " + quote(f.code) + "): "
                        + (f.message == null ? "(no message)" : f.message);
            } else if (f.error) {
                error = errorText(f);
            } else if (f.usage != null && f.object == null) {
                usageHolder = f; // a usage-only chunk from an OpenAI-compatible server
            }
        }

        /** @param n how many events carried data */
        Usage finish(int n) {
            if (usageHolder != null) {
                if (usageHolder.serviceTier == null) {
                    usageHolder.serviceTier = chunkServiceTier;
                }
                Usage usage = toUsage(usageHolder);
                return usage.model() == null && chunkModel != null ? usage.withModel(chunkModel) : usage;
            }
            if (error != null) {
                throw new UsageParseException(error);
            }
            if (chat) {
                throw new UsageParseException("no usage: the streamed chat completion has no chunk with a 'usage'"
                        + " object; OpenAI sends usage in the last chunk only when the request sets"
                        + " stream_options: {\"include_usage\": true}");
            }
            if (responses) {
                throw new UsageParseException("no usage: the streamed response has no response.completed,"
                        + " response.incomplete or response.failed event carrying 'response.usage' (was the stream"
                        + " cut short?)");
            }
            if (n == 0) {
                throw new UsageParseException("the event stream has no data events");
            }
            throw new UsageParseException("the event stream has no OpenAI events: expected chat.completion.chunk"
                    + " objects or response.* events");
        }
    }

    /** One event's data, for the fast parser: any failure sends the event to {@link #readEvent}. */
    private static Fields readEventObject(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new UsageParseException("not a JSON object"); // reported by readEvent
        }
        Fields f = readObject(p, true);
        if (p.nextToken() != null) {
            throw new UsageParseException("content after the object"); // reported by readEvent
        }
        return f;
    }

    private static Fields readEvent(String payload, int n) {
        try (JsonParser p = JSON.createParser(payload)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new UsageParseException("streamed event #" + n + ": expected a JSON object, got "
                        + MESSAGES.describe(p, first));
            }
            Fields f = readObject(p, true);
            if (p.nextToken() != null) {
                throw new UsageParseException("streamed event #" + n + ": unexpected content after the JSON object");
            }
            return f;
        } catch (UsageParseException e) {
            throw e.getMessage().startsWith("streamed event #") ? e
                    : new UsageParseException("streamed event #" + n + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw MESSAGES.malformed("streamed event #" + n + ": ", e);
        } catch (IOException e) {
            throw new UsageParseException("streamed event #" + n + ": cannot read: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- object readers

    /** Reads the object whose START_OBJECT is the current token, up to and including its END_OBJECT. */
    private static Fields readObject(JsonParser p, boolean top) throws IOException {
        Fields f = new Fields();
        String usagePath = top ? "usage" : "response.usage";
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "object":
                    f.object = text(p, v);
                    break;
                case "type":
                    f.type = text(p, v);
                    break;
                case "model":
                    f.model = text(p, v);
                    break;
                case "service_tier":
                    f.serviceTier = text(p, v);
                    break;
                case "custom_id":
                    f.customId = text(p, v);
                    break;
                case "body":
                    if (!top && v == JsonToken.START_OBJECT) {
                        f.body = readObject(p, true); // the response inside a Batch API output line
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "usage":
                    if (v == JsonToken.START_OBJECT) {
                        f.usage = readUsage(p, usagePath);
                    } else if (v == JsonToken.VALUE_NULL) {
                        f.usageNull = true;
                    } else {
                        throw new UsageParseException(usagePath + ": expected an object, got "
                                + MESSAGES.describe(p, v));
                    }
                    break;
                case "output":
                    if (v == JsonToken.START_ARRAY) {
                        f.webSearchCalls = countWebSearchCalls(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "error":
                    if (v == JsonToken.START_OBJECT) {
                        f.error = true;
                        readError(p, f);
                    } else {
                        p.skipChildren(); // the Responses API sends "error": null on success
                    }
                    break;
                case "code":
                    f.code = text(p, v);
                    break;
                case "message":
                    f.message = text(p, v);
                    break;
                case "response":
                    if (top && v == JsonToken.START_OBJECT) {
                        f.response = readObject(p, false);
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren(); // content, choices, embeddings, filter results: never decoded
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new UsageParseException("malformed JSON: expected a field name or '}', got "
                    + MESSAGES.describe(p, t));
        }
        return f;
    }

    private static UsageFields readUsage(JsonParser p, String path) throws IOException {
        UsageFields u = new UsageFields(path);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "prompt_tokens":
                    u.promptTokens = count(p, v, path, ".prompt_tokens");
                    break;
                case "completion_tokens":
                    u.completionTokens = count(p, v, path, ".completion_tokens");
                    break;
                case "input_tokens":
                    u.inputTokens = count(p, v, path, ".input_tokens");
                    break;
                case "output_tokens":
                    u.outputTokens = count(p, v, path, ".output_tokens");
                    break;
                case "prompt_tokens_details":
                    if (details(p, v, path, ".prompt_tokens_details")) {
                        readPromptDetails(p, u, path);
                    }
                    break;
                case "completion_tokens_details":
                    if (details(p, v, path, ".completion_tokens_details")) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String d = p.currentName();
                            JsonToken dv = p.nextToken();
                            if ("reasoning_tokens".equals(d)) {
                                u.completionReasoning = count(p, dv, path, ".completion_tokens_details.reasoning_tokens");
                            } else if ("audio_tokens".equals(d)) {
                                u.completionAudio = count(p, dv, path, ".completion_tokens_details.audio_tokens");
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    break;
                case "input_tokens_details":
                    if (details(p, v, path, ".input_tokens_details")) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String d = p.currentName();
                            JsonToken dv = p.nextToken();
                            if ("cached_tokens".equals(d)) {
                                u.inputCached = count(p, dv, path, ".input_tokens_details.cached_tokens");
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    break;
                case "input_token_details":
                    // Realtime API (response.done): singular "token", with an audio split
                    if (details(p, v, path, ".input_token_details")) {
                        readRealtimeInputDetails(p, u, path);
                    }
                    break;
                case "output_token_details":
                    if (details(p, v, path, ".output_token_details")) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String d = p.currentName();
                            JsonToken dv = p.nextToken();
                            if ("audio_tokens".equals(d)) {
                                u.outputAudio = count(p, dv, path, ".output_token_details.audio_tokens");
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    break;
                case "output_tokens_details":
                    if (details(p, v, path, ".output_tokens_details")) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String d = p.currentName();
                            JsonToken dv = p.nextToken();
                            if ("reasoning_tokens".equals(d)) {
                                u.outputReasoning = count(p, dv, path, ".output_tokens_details.reasoning_tokens");
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    break;
                default:
                    p.skipChildren(); // total_tokens and anything newer
            }
        }
        return u;
    }

    private static void readPromptDetails(JsonParser p, UsageFields u, String path) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String d = p.currentName();
            JsonToken dv = p.nextToken();
            if ("cached_tokens".equals(d)) {
                u.promptCached = count(p, dv, path, ".prompt_tokens_details.cached_tokens");
            } else if ("audio_tokens".equals(d)) {
                u.promptAudio = count(p, dv, path, ".prompt_tokens_details.audio_tokens");
            } else if ("cached_tokens_details".equals(d)
                    && details(p, dv, path, ".prompt_tokens_details.cached_tokens_details")) {
                // the realtime-style split of cached tokens; the audio part is not uncached input
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String c = p.currentName();
                    JsonToken cv = p.nextToken();
                    if ("audio_tokens".equals(c)) {
                        u.promptCachedAudio = count(p, cv, path,
                                ".prompt_tokens_details.cached_tokens_details.audio_tokens");
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readRealtimeInputDetails(JsonParser p, UsageFields u, String path) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String d = p.currentName();
            JsonToken dv = p.nextToken();
            if ("cached_tokens".equals(d)) {
                u.inputCached = count(p, dv, path, ".input_token_details.cached_tokens");
            } else if ("audio_tokens".equals(d)) {
                u.inputAudio = count(p, dv, path, ".input_token_details.audio_tokens");
            } else if ("cached_tokens_details".equals(d)
                    && details(p, dv, path, ".input_token_details.cached_tokens_details")) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String c = p.currentName();
                    JsonToken cv = p.nextToken();
                    if ("audio_tokens".equals(c)) {
                        u.inputCachedAudio = count(p, cv, path,
                                ".input_token_details.cached_tokens_details.audio_tokens");
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    /** True when a details value is an object to read; false for null; an error for other types. */
    private static boolean details(JsonParser p, JsonToken v, String path, String name) throws IOException {
        if (v == JsonToken.START_OBJECT) {
            return true;
        }
        if (v == JsonToken.VALUE_NULL) {
            return false;
        }
        throw new UsageParseException(path + name + ": expected an object, got " + MESSAGES.describe(p, v));
    }

    private static long countWebSearchCalls(JsonParser p) throws IOException {
        long calls = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("type".equals(name) && v == JsonToken.VALUE_STRING && "web_search_call".equals(p.getText())) {
                    calls++;
                } else {
                    p.skipChildren();
                }
            }
        }
        return calls;
    }

    private static void readError(JsonParser p, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "message":
                    f.errorMessage = text(p, v);
                    break;
                case "type":
                    f.errorType = text(p, v);
                    break;
                case "code":
                    f.errorCode = v == JsonToken.VALUE_NUMBER_INT ? p.getText() : text(p, v);
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    /** A string value, or null for null and for other types (which are skipped). */
    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /**
     * Reads a token count: a non-negative integer that fits a long. Null means absent (some
     * OpenAI-compatible servers write {@code "audio_tokens": null}); anything else is an error
     * naming the field and quoting the value.
     */
    private static long count(JsonParser p, JsonToken v, String path, String name) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new UsageParseException(path + name + ": expected a non-negative integer that fits a 64-bit"
                        + " count, got " + MESSAGES.clip(p.getText()));
            }
            long value = p.getLongValue();
            if (value < 0) {
                throw new UsageParseException(path + name + ": expected a non-negative integer, got " + value);
            }
            return value;
        }
        if (v == JsonToken.VALUE_NULL) {
            return ABSENT;
        }
        throw new UsageParseException(path + name + ": expected a non-negative integer, got "
                + MESSAGES.describe(p, v));
    }

    // ---------------------------------------------------------------- normalization

    private static Usage toUsage(Fields f) {
        if (f.usage == null) {
            if (f.error) {
                throw new UsageParseException(errorText(f));
            }
            if (f.usageNull) {
                throw new UsageParseException("no usage: the response's 'usage' is null");
            }
            throw new UsageParseException("no usage: the response has no 'usage' object");
        }
        UsageFields u = f.usage;
        String model = f.model == null || f.model.isEmpty() ? null : f.model;
        boolean responsesApi = u.inputTokens != ABSENT || (u.promptTokens == ABSENT && "response".equals(f.object));
        Usage.Builder b = Usage.builder(PROVIDER, model).serviceTier(serviceTier(f.serviceTier));
        if (responsesApi) {
            long input = required(u.inputTokens, u.path, ".input_tokens");
            long output = required(u.outputTokens, u.path, ".output_tokens");
            long cached = orZero(u.inputCached);
            b.inputTokens(input).outputTokens(output).cacheReadTokens(cached)
                    .inputAudioTokens(uncachedAudio(u.inputAudio, u.inputCachedAudio, input, cached))
                    .outputAudioTokens(orZero(u.outputAudio))
                    .webSearchRequests(f.webSearchCalls);
            if (u.outputReasoning != ABSENT) {
                b.reasoningTokens(u.outputReasoning);
            }
        } else {
            long input = required(u.promptTokens, u.path, ".prompt_tokens");
            long output;
            if (u.completionTokens != ABSENT) {
                output = u.completionTokens;
            } else if ("list".equals(f.object) || "embedding".equals(f.object)) {
                output = 0; // embeddings generate no tokens
            } else {
                throw new UsageParseException(u.path + ".completion_tokens: missing; expected a non-negative integer");
            }
            long cached = orZero(u.promptCached);
            b.inputTokens(input).cacheReadTokens(cached).outputTokens(output)
                    .inputAudioTokens(uncachedAudio(u.promptAudio, u.promptCachedAudio, input, cached))
                    .outputAudioTokens(orZero(u.completionAudio));
            if (u.completionReasoning != ABSENT) {
                b.reasoningTokens(u.completionReasoning);
            }
        }
        try {
            return b.build();
        } catch (InvalidUsageException e) {
            throw new UsageParseException("inconsistent usage in the response: " + e.getMessage(), e);
        }
    }

    /**
     * The tier OpenAI reports having served the call at ({@code service_tier} of the response, which
     * "may be different from the value set" in the request): {@code default} (and {@code auto},
     * should a response echo it) is standard; {@code flex} and {@code priority} are their tiers.
     * {@code scale} (Scale Tier, prepaid capacity units) and values OpenAI may add later are not
     * billed per token at a list price LLMlab knows, so they are read as not reported: the call is
     * priced at the standard list rates, which the docs name as the approximation.
     */
    static ServiceTier serviceTier(String reported) {
        if (reported == null) {
            return null;
        }
        switch (reported) {
            case "default":
            case "auto":
                return ServiceTier.STANDARD;
            case "flex":
                return ServiceTier.FLEX;
            case "priority":
                return ServiceTier.PRIORITY;
            case "batch":
                return ServiceTier.BATCH;
            default:
                return null;
        }
    }

    /**
     * OpenAI's audio count covers all prompt audio, cached or not; LLMlab's input_audio is the
     * uncached audio (cached tokens bill at the cache rate), so subtract what the cache served
     * and never exceed the uncached input.
     */
    private static long uncachedAudio(long audio, long cachedAudio, long input, long cached) {
        long uncached = Math.max(0, orZero(audio) - orZero(cachedAudio));
        return cached <= input ? Math.min(uncached, input - cached) : uncached;
    }

    // ---------------------------------------------------------------- messages

    private static String errorText(Fields f) {
        StringBuilder s = new StringBuilder("OpenAI returned an error");
        if (f.errorType != null) {
            s.append(" of type ").append(quote(f.errorType));
        }
        if (f.errorCode != null) {
            s.append(f.errorType != null ? ", code " : " with code ").append(quote(f.errorCode));
        }
        s.append(": ").append(f.errorMessage == null ? "(no message)" : f.errorMessage);
        return s.toString();
    }

    private static String quote(String s) {
        return s == null ? "null" : '"' + s + '"';
    }
}

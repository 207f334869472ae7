package dev.llmlab.provider.google;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.provider.json.support.ReaderMessages;
import dev.llmlab.spi.InvalidUsageException;
import dev.llmlab.spi.LlmLabException;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.SseEvents;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the usage of one Gemini {@code generateContent} call from its JSON documents with
 * Jackson's streaming parser, touching only the fields that bill: {@code usageMetadata},
 * {@code modelVersion}, the grounding metadata of each candidate and an {@code error} object.
 * Everything else (the generated content, safety ratings, citations) is skipped unread.
 *
 * <p>A call arrives as one document (a plain response), as a JSON array of response chunks
 * (the REST stream without {@code alt=sse}), or as one document per server-sent event. In a
 * stream every chunk carries the usage so far: the counts are cumulative, so the last
 * {@code usageMetadata} read is the call's usage.
 *
 * <p>Not thread-safe: one reader per call.
 */
final class GeminiUsageReader {
    /** Shared, thread-safe; parsers are created per call. */
    static final JsonFactory JSON = JsonFactory.builder().build();
    static final String PROVIDER = "google";
    private static final ReaderMessages MESSAGES = ReaderMessages.clippingAt(40, "…");

    private UsageCounts usage;
    private String model;
    private boolean batchLine; // a line of a Batch API results file: {"key":…,"response":{…}}
    private Set<String> searchQueries;
    /** Position for messages, built only when one is needed: event (1-based) of a stream, element of an array. */
    private int event;
    private int events;
    private int element = -1;

    private GeminiUsageReader() {
    }

    /**
     * Reads the usage of one Gemini call: a {@code GenerateContentResponse} JSON object, a JSON
     * array of streamed chunks, or an SSE transcript.
     */
    static Usage parse(byte[] body) {
        if (SseEvents.isEventStream(body)) {
            return guarded(() -> readEventStream(new GeminiUsageReader(), body));
        }
        // the same reader over the fast parser first; errors and anything unusual are read by Jackson
        return FastJsonParser.read(body, GeminiUsageReader::parseDocument, () -> parseWithJackson(body));
    }

    /** Reads a body with Jackson's parser only: the reference the fast path must agree with. */
    static Usage parseWithJackson(byte[] body) {
        if (isBlank(body)) {
            throw new UsageParseException("the body is empty: expected a Gemini generateContent response"
                    + " (JSON or a server-sent events stream)");
        }
        return guarded(() -> {
            GeminiUsageReader reader = new GeminiUsageReader();
            reader.readClosing(JSON.createParser(body));
            return reader.toUsage(null, 1);
        });
    }

    /** A reading that Jackson may fail. */
    private interface Reading {
        Usage read() throws IOException;
    }

    /** Runs a reading, reporting any failure as a {@link UsageParseException}. */
    private static Usage guarded(Reading reading) {
        try {
            return reading.read();
        } catch (LlmLabException e) {
            throw e instanceof UsageParseException ? e : new UsageParseException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UsageParseException("cannot read the Gemini response: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Jackson may report limits (nesting depth, number length) as unchecked exceptions.
            throw new UsageParseException("cannot read the Gemini response: " + e, e);
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Parses each event's data in place (an event of several {@code data:} lines, joined). */
    private static Usage readEventStream(GeminiUsageReader reader, byte[] body) throws IOException {
        List<EventData> events = new ArrayList<>();
        SseEvents.forEachData(body, (buf, off, len, n) -> events.add(new EventData(buf, off, len)));
        int count = checkNotEmpty(events.size());
        for (int i = 0; i < count; i++) {
            EventData event = events.get(i);
            reader.atEvent(i + 1, count); // messages say "event 3 of 5"
            reader.readClosing(JSON.createParser(event.buf, event.off, event.len));
        }
        return reader.toUsage("events", count);
    }

    /** One event's data: a range of the body, or of the joined lines of a multi-line event. */
    private static final class EventData {
        final byte[] buf;
        final int off;
        final int len;

        EventData(byte[] buf, int off, int len) {
            this.buf = buf;
            this.off = off;
            this.len = len;
        }
    }

    private static int checkNotEmpty(int events) {
        if (events == 0) {
            throw new UsageParseException("no usage: the event stream has no data events");
        }
        return events;
    }

    /** One whole JSON body, read with a reader of its own: the reader for the fast parser and for Jackson. */
    static Usage parseDocument(JsonParser p) throws IOException {
        GeminiUsageReader reader = new GeminiUsageReader();
        reader.readDocument(p);
        return reader.toUsage(null, 1);
    }

    /** Reads one document and closes its parser; malformed JSON is reported with its position. */
    private void readClosing(JsonParser p) throws IOException {
        try (p) {
            readDocument(p);
        } catch (JsonProcessingException e) {
            throw MESSAGES.malformed(where(), e);
        }
    }

    /** Reads a response the caller already parsed into a Jackson tree; same rules as a body. */
    static Usage parseTree(JsonNode tree) {
        if (tree.isMissingNode() || tree.isNull()) {
            throw new UsageParseException("no usage: the JSON tree is empty");
        }
        try {
            GeminiUsageReader reader = new GeminiUsageReader();
            reader.readClosing(tree.traverse());
            return reader.toUsage(null, 1);
        } catch (IOException e) {
            throw new UsageParseException("cannot read the Gemini response tree: " + e.getMessage(), e);
        }
    }

    /**
     * Sets the stream position shown in front of error messages ({@code "event 3 of 5: "}).
     *
     * @param event the 1-based event number
     * @param events how many events the stream has
     */
    void atEvent(int event, int events) {
        this.event = event;
        this.events = events;
    }

    /** @return the position prefix for messages, empty for a plain document */
    String where() {
        String prefix = event > 0 ? "event " + event + " of " + events + ": " : "";
        return element >= 0 ? prefix + "[" + element + "]: " : prefix;
    }

    /**
     * Reads one JSON document: a response object, or an array of response objects.
     *
     * @param p a parser positioned before the document
     * @throws IOException when the JSON is malformed
     * @throws UsageParseException when a field has the wrong type or the body is an error
     */
    void readDocument(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_OBJECT) {
            readResponse(p);
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw fail("[" + i + "]: expected a generateContent response object, got "
                            + MESSAGES.describe(p, t));
                }
                element = i;
                readResponse(p);
                element = -1;
                i++;
            }
            if (i == 0) {
                throw fail("the stream is an empty JSON array: it carries no response and no 'usageMetadata'");
            }
        } else if (t == null) {
            throw fail("the document is empty: expected a Gemini generateContent response");
        } else {
            throw fail("expected a JSON object (a generateContent response) or an array of them, got "
                    + MESSAGES.describe(p, t));
        }
        t = p.nextToken();
        if (t != null) {
            throw fail("unexpected content after the JSON document at line " + p.currentLocation().getLineNr()
                    + ", column " + p.currentLocation().getColumnNr());
        }
    }

    private void readResponse(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "usageMetadata":
                    if (t == JsonToken.START_OBJECT) {
                        usage = readUsage(p);
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw fail("usageMetadata: expected an object, got " + MESSAGES.describe(p, t));
                    }
                    break;
                case "modelVersion":
                    if (t == JsonToken.VALUE_STRING) {
                        model = p.getText();
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw fail("modelVersion: expected a string, got " + MESSAGES.describe(p, t));
                    }
                    break;
                case "response":
                    if (t == JsonToken.START_OBJECT) {
                        batchLine = true; // Batch API results wrap each GenerateContentResponse
                        readResponse(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "candidates":
                    if (t == JsonToken.START_ARRAY) {
                        readCandidates(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "error":
                    if (t == JsonToken.START_OBJECT) {
                        throw readError(p);
                    }
                    if (t != JsonToken.VALUE_NULL) {
                        throw fail("the body is an error response: " + MESSAGES.describe(p, t));
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private void readCandidates(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("groundingMetadata") && v == JsonToken.START_OBJECT) {
                    readGrounding(p);
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private void readGrounding(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("webSearchQueries") && t == JsonToken.START_ARRAY) {
                JsonToken q;
                while ((q = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (q == JsonToken.VALUE_STRING) {
                        if (searchQueries == null) {
                            searchQueries = new HashSet<>();
                        }
                        searchQueries.add(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    /** Reads {@code {"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}}. */
    private UsageParseException readError(JsonParser p) throws IOException {
        String status = null;
        String message = null;
        String code = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                switch (name) {
                    case "status":
                        status = p.getText();
                        break;
                    case "message":
                        message = p.getText();
                        break;
                    case "code":
                        code = p.getText();
                        break;
                    default:
                        break;
                }
            } else {
                p.skipChildren();
            }
        }
        return fail("the body is a Gemini API error, not a billed response: "
                + (status != null ? status : "UNKNOWN") + (code != null ? " (HTTP " + code + ")" : "")
                + ": " + (message != null ? message : "(no message)"));
    }

    private UsageCounts readUsage(JsonParser p) throws IOException {
        UsageCounts u = new UsageCounts();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "promptTokenCount":
                    u.prompt = count(p, t, name);
                    break;
                case "cachedContentTokenCount":
                    u.cached = count(p, t, name);
                    break;
                case "candidatesTokenCount":
                case "responseTokenCount": // the Live API's name for the same count
                    u.candidates = count(p, t, name);
                    break;
                case "toolUsePromptTokenCount":
                    u.toolUsePrompt = count(p, t, name);
                    break;
                case "thoughtsTokenCount":
                    u.thoughts = count(p, t, name);
                    break;
                case "totalTokenCount":
                    count(p, t, name); // validated, not used: the parts are what bills
                    break;
                case "serviceTier":
                    u.serviceTier = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    p.skipChildren();
                    break;
                case "promptTokensDetails":
                    u.promptAudio = audioTokens(p, t, name);
                    break;
                case "cacheTokensDetails":
                    u.cachedAudio = audioTokens(p, t, name);
                    break;
                case "candidatesTokensDetails":
                case "responseTokensDetails":
                    u.candidatesAudio = audioTokens(p, t, name);
                    break;
                default:
                    p.skipChildren(); // trafficType, toolUsePromptTokensDetails, future fields
            }
        }
        return u;
    }

    /** Sums the AUDIO entries of a {@code ModalityTokenCount} list. */
    private long audioTokens(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t != JsonToken.START_ARRAY) {
            throw fail("usageMetadata." + field + ": expected an array of {modality, tokenCount}, got "
                    + MESSAGES.describe(p, t));
        }
        long audio = 0;
        int i = 0;
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            String path = "usageMetadata." + field + "[" + i + "]";
            if (e != JsonToken.START_OBJECT) {
                throw fail(path + ": expected an object {modality, tokenCount}, got " + MESSAGES.describe(p, e));
            }
            String modality = null;
            long tokens = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("modality")) {
                    if (v != JsonToken.VALUE_STRING) {
                        throw fail(path + ".modality: expected a string such as \"AUDIO\", got "
                                + MESSAGES.describe(p, v));
                    }
                    modality = p.getText();
                } else if (name.equals("tokenCount")) {
                    tokens = Math.max(0, count(p, v, field + "[" + i + "].tokenCount"));
                } else {
                    p.skipChildren();
                }
            }
            if ("AUDIO".equals(modality)) {
                audio = add(audio, tokens, "usageMetadata." + field + " AUDIO tokenCount");
            }
            i++;
        }
        return audio;
    }

    /**
     * Reads a token count: a non-negative JSON integer; {@code null} means absent (protobuf JSON
     * leaves zero counts out), reported as -1.
     */
    private long count(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw fail("usageMetadata." + field + ": " + p.getText() + " is too large for a token count");
            }
            long v = p.getLongValue();
            if (v < 0) {
                throw fail("usageMetadata." + field + ": must be >= 0, got " + v);
            }
            return v;
        }
        if (t == JsonToken.VALUE_NULL) {
            return -1;
        }
        throw fail("usageMetadata." + field + ": expected a non-negative integer, got " + MESSAGES.describe(p, t));
    }

    /**
     * Maps the last usage read onto the normalized vocabulary.
     *
     * <ul>
     *   <li>input = {@code promptTokenCount} (which already includes
     *       {@code cachedContentTokenCount}) + {@code toolUsePromptTokenCount} (the results of
     *       built-in tools such as Google Search or URL context, billed as input);</li>
     *   <li>cache_read = {@code cachedContentTokenCount};</li>
     *   <li>output = {@code candidatesTokenCount} + {@code thoughtsTokenCount}: Gemini leaves
     *       thinking out of the candidates count but bills it as output;</li>
     *   <li>reasoning = {@code thoughtsTokenCount}, unknown when the field is absent;</li>
     *   <li>input_audio = the AUDIO part of {@code promptTokensDetails} minus the AUDIO part of
     *       {@code cacheTokensDetails} (the uncached audio); output_audio = the AUDIO part of
     *       {@code candidatesTokensDetails};</li>
     *   <li>web_search_requests: see {@link #webSearchRequests()}.</li>
     * </ul>
     *
     * @param eventCount how many documents were read, for the message when none had usage
     * @return the usage
     * @throws UsageParseException when no usage was read or the counts contradict each other
     */
    Usage toUsage(String streamKind, int eventCount) {
        event = 0;
        element = -1;
        if (usage == null) {
            throw fail("no usage: the response has no 'usageMetadata' object"
                    + (streamKind == null ? "" : " in any of its " + eventCount + " " + streamKind));
        }
        UsageCounts u = usage;
        if (u.prompt < 0) {
            throw fail("no usage: 'usageMetadata' has no promptTokenCount");
        }
        long cached = Math.max(0, u.cached);
        if (cached > u.prompt) {
            throw fail("usageMetadata.cachedContentTokenCount (" + cached + ") exceeds promptTokenCount ("
                    + u.prompt + "), which includes it");
        }
        if (u.cachedAudio > u.promptAudio) {
            throw fail("usageMetadata.cacheTokensDetails AUDIO (" + u.cachedAudio
                    + ") exceeds promptTokensDetails AUDIO (" + u.promptAudio + ")");
        }
        long input = add(u.prompt, Math.max(0, u.toolUsePrompt), "promptTokenCount + toolUsePromptTokenCount");
        long candidates = Math.max(0, u.candidates);
        long output = add(candidates, Math.max(0, u.thoughts), "candidatesTokenCount + thoughtsTokenCount");
        Usage.Builder b = Usage.builder(PROVIDER, model)
                .inputTokens(input)
                .cacheReadTokens(cached)
                .outputTokens(output)
                .inputAudioTokens(u.promptAudio - u.cachedAudio)
                .outputAudioTokens(u.candidatesAudio)
                .webSearchRequests(webSearchRequests())
                .serviceTier(serviceTier(u.serviceTier, batchLine));
        if (u.thoughts >= 0) {
            b.reasoningTokens(u.thoughts);
        }
        try {
            return b.build();
        } catch (InvalidUsageException e) {
            throw new UsageParseException("Gemini usageMetadata is inconsistent: " + e.getMessage(), e);
        }
    }

    /**
     * Grounding with Google Search bills per use, and Google counts two ways
     * (https://ai.google.dev/gemini-api/docs/pricing, "Grounding with Google Search"):
     * Gemini 3 models bill each search query the model ran ("$14 / 1,000 search queries");
     * earlier models (1.5, 2.0, 2.5) bill each grounded prompt ("$35 / 1,000 grounded prompts").
     * So a response whose {@code groundingMetadata.webSearchQueries} is not empty counts one
     * request, or, for a {@code gemini-3…} model, one per distinct query (queries repeated in the
     * chunks of a stream count once). The free daily/monthly allowances are per account and not
     * knowable from one response, so they are not deducted.
     */
    long webSearchRequests() {
        if (searchQueries == null || searchQueries.isEmpty()) {
            return 0;
        }
        return billsPerQuery(model) ? searchQueries.size() : 1;
    }

    static boolean billsPerQuery(String model) {
        if (model == null) {
            return false;
        }
        String name = model.substring(model.lastIndexOf('/') + 1);
        return name.startsWith("gemini-3");
    }

    private static long add(long a, long b, String what) {
        long sum = a + b;
        if (sum < 0) { // both operands are >= 0: a negative sum is an overflow
            throw new UsageParseException("Gemini usageMetadata: " + what + " overflows a long: " + a + " + " + b);
        }
        return sum;
    }

    private UsageParseException fail(String message) {
        return new UsageParseException(where() + message);
    }

    /** The counts of one {@code usageMetadata} object; -1 marks an absent count. */
    private static final class UsageCounts {
        long prompt = -1;
        long cached = -1;
        long candidates = -1;
        long toolUsePrompt = -1;
        long thoughts = -1;
        long promptAudio;
        long cachedAudio;
        long candidatesAudio;
        String serviceTier;
    }

    /**
     * The tier Google reports in {@code usageMetadata.serviceTier} (the API's enum, written
     * {@code STANDARD}, {@code FLEX}, {@code PRIORITY}, or with the {@code SERVICE_TIER_} prefix;
     * any case). Unspecified or unknown values are not reported; a Batch API results line is batch.
     */
    static ServiceTier serviceTier(String reported, boolean batchLine) {
        if (batchLine) {
            return ServiceTier.BATCH;
        }
        if (reported == null) {
            return null;
        }
        String v = reported.toLowerCase(java.util.Locale.ROOT);
        if (v.startsWith("service_tier_")) {
            v = v.substring("service_tier_".length());
        }
        switch (v) {
            case "standard":
            case "default":
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
}

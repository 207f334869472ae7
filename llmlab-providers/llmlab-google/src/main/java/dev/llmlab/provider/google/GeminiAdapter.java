package dev.llmlab.provider.google;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.provider.json.support.OptionalSdk;
import dev.llmlab.provider.json.support.Recognizer;
import dev.llmlab.provider.json.support.ResponseObjects;
import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Google Gemini responses ({@code generateContent} and {@code streamGenerateContent} of the
 * Gemini API and of Vertex AI, which share the response shape) into LLMlab's normalized
 * {@link Usage}, and ships Google's Gemini price list. Immutable and thread-safe.
 *
 * <p>Accepted bodies: a {@code GenerateContentResponse} JSON object; a server-sent events
 * transcript ({@code ?alt=sse}, one response chunk per {@code data:} event); the REST stream
 * without {@code alt=sse}, a JSON array of response chunks. Streamed chunks carry cumulative
 * usage, so the last chunk's {@code usageMetadata} is the call's usage. Live API messages
 * ({@code responseTokenCount}) are read the same way.
 *
 * <p>Mapping of {@code usageMetadata} onto the normalized vocabulary:
 * <table>
 *   <caption>Gemini usage fields</caption>
 *   <tr><th>normalized</th><th>from</th><th>why</th></tr>
 *   <tr><td>input_tokens</td><td>promptTokenCount + toolUsePromptTokenCount</td>
 *       <td>the prompt count already includes cached tokens; results of built-in tools (Google
 *       Search, URL context) are billed as input</td></tr>
 *   <tr><td>cache_read_tokens</td><td>cachedContentTokenCount</td><td></td></tr>
 *   <tr><td>output_tokens</td><td>candidatesTokenCount + thoughtsTokenCount</td>
 *       <td>the candidates count leaves thinking out, which is billed as output</td></tr>
 *   <tr><td>reasoning_tokens</td><td>thoughtsTokenCount</td><td>unknown when absent</td></tr>
 *   <tr><td>input_audio_tokens</td><td>AUDIO of promptTokensDetails minus AUDIO of
 *       cacheTokensDetails</td><td>the uncached audio, billed at the audio rate</td></tr>
 *   <tr><td>output_audio_tokens</td><td>AUDIO of candidatesTokensDetails</td><td></td></tr>
 *   <tr><td>web_search_requests</td><td>candidates[].groundingMetadata.webSearchQueries</td>
 *       <td>Grounding with Google Search: one per grounded response before Gemini 3, one per
 *       distinct search query for {@code gemini-3…} models
 *       (https://ai.google.dev/gemini-api/docs/pricing)</td></tr>
 * </table>
 * The model is the response's {@code modelVersion} (null when absent, as in Live API messages).
 *
 * <pre>{@code
 * ProviderAdapter gemini = new GeminiAdapter();
 * Usage usage = gemini.parse(responseBody); // e.g. input_tokens=1250, output_tokens=700
 * }</pre>
 */
public final class GeminiAdapter implements ProviderAdapter {
    private static final Set<String> ALIASES = Set.of("gemini", "google-genai", "google_ai_studio");
    /** Vertex AI returns the Gemini API's shape, and bills some models at rates of its own. */
    private static final Map<String, Set<String>> HOSTS = Map.of(
            "vertex_ai", Set.of("vertex", "vertex-ai", "google-vertex", "google_vertex"));
    /**
     * The official SDK, optional: its classes load only when the application hands over one of its
     * objects. Its types are abstract AutoValue classes: the object's own class is a generated subclass.
     */
    private static final OptionalSdk SDK = OptionalSdk.of("Google Gen AI SDK", "LLMlab Google adapter",
            List.of(GeminiSdkUsage.GENERATE_CONTENT_RESPONSE),
            // Module.addReads works only when called from this module; on the class path the SDK is not required
            sdkModule -> GeminiAdapter.class.getModule().addReads(sdkModule),
            // a lambda, not a method reference, so that GeminiSdkUsage loads only when called
            sdkObject -> GeminiSdkUsage.toJson(sdkObject), GeminiUsageReader::parse);
    /** How many top-level keys {@link #recognizes} looks at before giving up. */
    private static final int RECOGNIZE_MAX_KEYS = 16;
    /**
     * What {@link #recognizes} runs (a stream: its first event, wherever it starts); the fast-path
     * tests compare it with its Jackson-only reading.
     */
    static final Recognizer RECOGNIZER = Recognizer.of(GeminiUsageReader.JSON, GeminiAdapter::recognizesDocument)
            .withStreams(Integer.MAX_VALUE, 1, GeminiAdapter::recognizesDocument);

    /** Creates the adapter; it holds no state. */
    public GeminiAdapter() {
    }

    /** @return {@code "google"} */
    @Override
    public String provider() {
        return GeminiUsageReader.PROVIDER;
    }

    /**
     * @return gemini, google-genai and google_ai_studio: the names other tools (LiteLLM,
     *     OpenTelemetry, the Google SDKs) give this provider; Vertex AI is a host ({@link #hosts()})
     */
    @Override
    public Set<String> aliases() {
        return ALIASES;
    }

    /**
     * Recognizes a Gemini response by the top-level keys of its first response object
     * ({@code candidates}, {@code usageMetadata}, {@code promptFeedback}, {@code modelVersion}), or
     * a Google API error ({@code {"error":{"status":…}}}), a Batch API results line (such a response
     * under {@code response}), in a plain body, the first element of a
     * JSON-array stream or the first event of an SSE stream. Looks at no more than 16 keys and
     * never throws.
     *
     * @param body the raw body; not null
     * @return true when the body looks like a Gemini response or a Google API error
     */
    @Override
    public boolean recognizes(byte[] body) {
        return RECOGNIZER.recognizes(Objects.requireNonNull(body, "body"));
    }

    /** True when the current object has a GenerateContentResponse key; leaves the parser at its end. */
    private static boolean hasResponseKey(JsonParser p) throws IOException {
        boolean found = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            found |= name.equals("candidates") || name.equals("usageMetadata") || name.equals("modelVersion");
            p.skipChildren();
        }
        return found;
    }

    private static boolean recognizesDocument(JsonParser p) throws IOException {
        try (p) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                t = p.nextToken();
            }
            if (t != JsonToken.START_OBJECT) {
                return false;
            }
            for (int keys = 0; keys < RECOGNIZE_MAX_KEYS && p.nextToken() == JsonToken.FIELD_NAME; keys++) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "candidates":
                    case "usageMetadata":
                    case "promptFeedback":
                    case "modelVersion":
                        return true;
                    case "error":
                        if (v == JsonToken.START_OBJECT) {
                            return isGoogleError(p);
                        }
                        p.skipChildren(); // "error": null, as in OpenAI's Responses API: keep looking
                        break;
                    case "response":
                        if (v == JsonToken.START_OBJECT && hasResponseKey(p)) {
                            return true; // a Batch API results line: {"key":…,"response":{…}}
                        }
                        break;
                    default:
                        p.skipChildren();
                }
            }
            return false;
        }
    }

    /** Google's error object carries a canonical {@code status} string; OpenAI's and Anthropic's do not. */
    private static boolean isGoogleError(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("status") && v == JsonToken.VALUE_STRING) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }

    /**
     * Reads the usage of one Gemini call.
     *
     * @param body a {@code GenerateContentResponse} JSON object, a JSON array of streamed chunks, or
     *     an SSE transcript; UTF-8; not null
     * @return the normalized usage; model = the response's {@code modelVersion} (null when absent)
     * @throws UsageParseException when the body is empty, malformed (the message gives line and
     *     column), a Google API error (the message quotes its status and message), carries no
     *     {@code usageMetadata}, or has a count that is not a non-negative integer
     */
    @Override
    public Usage parse(byte[] body) {
        Objects.requireNonNull(body, "body");
        return GeminiUsageReader.parse(body);
    }

    /**
     * Reads the usage from a response the caller already holds: a Jackson {@link JsonNode} of a
     * {@code GenerateContentResponse} (or of an array of streamed chunks), the body as a
     * {@link String} or {@code byte[]}, or a {@code GenerateContentResponse} of the official Google
     * Gen AI Java SDK ({@code com.google.genai:google-genai}), read with exactly the same rules as
     * its JSON body. The SDK is an optional dependency: without it on the class path this method
     * never touches SDK classes.
     *
     * <pre>{@code
     * GenerateContentResponse response = client.models.generateContent("gemini-2.5-flash", prompt, null);
     * Usage usage = new GeminiAdapter().usageOf(response).orElseThrow();
     * }</pre>
     *
     * @param response a response object; not null
     * @return the usage, or empty for any other type
     * @throws UsageParseException when the object is of a known type but carries no usage
     */
    @Override
    public Optional<Usage> usageOf(Object response) {
        return ResponseObjects.usageOf(response, this, GeminiUsageReader::parseTree, SDK);
    }

    /**
     * @return Google's Gemini price list ({@code dev/llmlab/provider/google/prices.json}), in
     *     LLMlab's price-file format
     */
    @Override
    public Optional<InputStream> openPriceList() {
        return Optional.ofNullable(GeminiAdapter.class.getResourceAsStream("prices.json"));
    }

    /**
     * @return {@code vertex_ai} (Google Vertex AI) and its other names: usage parsed for it names it
     *     as its provider and is priced at Vertex AI's rates
     */
    @Override
    public Map<String, Set<String>> hosts() {
        return HOSTS;
    }

    /**
     * Opens Gemini's prices on Vertex AI: {@code vertex_ai-prices.json} beside this class.
     *
     * @param host {@code vertex_ai}; not null
     * @return the list, or empty for another host
     */
    @Override
    public Optional<InputStream> openHostPriceList(String host) {
        return HOSTS.containsKey(host) ? Optional.ofNullable(GeminiAdapter.class.getResourceAsStream(host
                + "-prices.json")) : Optional.empty();
    }

    @Override
    public String toString() {
        return "GeminiAdapter[google]";
    }
}

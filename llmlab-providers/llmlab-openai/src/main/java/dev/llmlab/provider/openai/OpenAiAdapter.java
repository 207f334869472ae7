package dev.llmlab.provider.openai;

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
 * LLMlab's adapter for OpenAI and Azure OpenAI: reads the usage of Chat Completions, legacy
 * Completions, Embeddings and Responses API responses, plain or streamed, into normalized
 * {@link Usage}, and ships OpenAI's price list. Immutable and thread-safe; found by
 * {@link java.util.ServiceLoader}.
 *
 * <p>How OpenAI's counts map (see {@link Usage} for the normalized meanings):
 * <ul>
 *   <li>{@code prompt_tokens} / {@code input_tokens} already include the cached tokens, so they
 *       become {@code input_tokens} unchanged and {@code cached_tokens} becomes
 *       {@code cache_read_tokens}; OpenAI has no cache-write charge, so cache writes are 0.</li>
 *   <li>{@code completion_tokens} / {@code output_tokens} already include the reasoning tokens;
 *       {@code reasoning_tokens} is reported when the response carries the field (even 0) and
 *       unknown when it does not.</li>
 *   <li>Prompt audio tokens become {@code input_audio_tokens} (the uncached part), completion
 *       audio tokens {@code output_audio_tokens}.</li>
 *   <li>Each {@code web_search_call} output item of a Responses API response is one
 *       {@code web_search_requests}.</li>
 * </ul>
 * A streamed Chat Completion reports usage only when the request set
 * {@code stream_options: {"include_usage": true}}; without it parsing fails with a
 * {@link UsageParseException} that says so, never a zero.
 *
 * <pre>{@code
 * ProviderAdapter openai = new OpenAiAdapter();
 * Usage usage = openai.parse(responseBody); // JSON body or SSE transcript
 * }</pre>
 */
public final class OpenAiAdapter implements ProviderAdapter {
    /** Not plain "azure": Azure also serves other vendors' models, which a future adapter may claim. */
    /** Azure is a host (it serves other makers' models too): other adapters may declare it as well. */
    private static final Map<String, Set<String>> HOSTS = Map.of("azure", Set.of("azure-openai", "azure_openai"));
    private static final Set<String> OBJECTS = Set.of("chat.completion", "text_completion", "response",
            "chat.completion.chunk");
    private static final int DETECT_STREAM_BYTES = 64 * 1024;
    private static final int DETECT_STREAM_EVENTS = 8;
    private static final int DETECT_FIELDS = 64;
    /** What {@link #recognizes} runs; the fast-path tests compare it with its Jackson-only reading. */
    static final Recognizer RECOGNIZER = Recognizer.of(OpenAiUsageReader.JSON, OpenAiAdapter::recognizesObject)
            .withStreams(DETECT_STREAM_BYTES, DETECT_STREAM_EVENTS, OpenAiAdapter::recognizesObject);
    /** The official SDK, optional: its classes load only when the application hands over one of its objects. */
    private static final OptionalSdk SDK = OptionalSdk.of("OpenAI SDK", "LLMlab OpenAI adapter",
            List.of(OpenAiSdkUsage.CHAT_COMPLETION, OpenAiSdkUsage.RESPONSE),
            // Module.addReads works only when called from this module; openai-java has no module name to require
            sdkModule -> OpenAiAdapter.class.getModule().addReads(sdkModule),
            // a lambda, not a method reference, so that OpenAiSdkUsage loads only when called
            sdkObject -> OpenAiSdkUsage.toJson(sdkObject), OpenAiUsageReader::parse);

    /** Creates the adapter; it holds no state. */
    public OpenAiAdapter() {
    }

    /** @return {@code "openai"} */
    @Override
    public String provider() {
        return OpenAiUsageReader.PROVIDER;
    }

    /**
     * Recognises OpenAI's (and Azure OpenAI's) bodies by their top-level keys: an {@code object}
     * of {@code chat.completion}, {@code text_completion}, {@code response} or
     * {@code chat.completion.chunk}, or a {@code type} of {@code response.*} (one streamed or
     * Realtime API event); an embeddings {@code list} with a {@code usage} holding
     * {@code prompt_tokens}; or an error body whose only key is an {@code error} object with a
     * {@code type} or a string {@code code} (Google's errors carry a string {@code status},
     * Anthropic's a top-level {@code type}). Streams: the first events are
     * {@code chat.completion.chunk} objects or {@code response.*} events. Never throws.
     *
     * @param body the raw body; not null
     * @return true for an OpenAI body
     */
    @Override
    public boolean recognizes(byte[] body) {
        return RECOGNIZER.recognizes(Objects.requireNonNull(body, "body"));
    }

    private static boolean recognizesObject(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        boolean list = false;
        boolean usageWithPromptTokens = false;
        boolean onlyError = true;
        boolean openAiError = false;
        int fields = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME && ++fields <= DETECT_FIELDS) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("object".equals(name) && v == JsonToken.VALUE_STRING) {
                String object = p.getText();
                if (OBJECTS.contains(object)) {
                    return true;
                }
                list = "list".equals(object);
                onlyError = false;
            } else if ("id".equals(name) && v == JsonToken.VALUE_STRING && p.getText().startsWith("batch_req_")) {
                return true; // a line of a Batch API output file
            } else if ("type".equals(name) && v == JsonToken.VALUE_STRING) {
                if (p.getText().startsWith("response.")) {
                    return true;
                }
                onlyError = false;
            } else if ("usage".equals(name) && v == JsonToken.START_OBJECT) {
                usageWithPromptTokens = hasField(p, "prompt_tokens");
                onlyError = false;
            } else if ("error".equals(name) && v == JsonToken.START_OBJECT) {
                openAiError = isOpenAiError(p);
            } else {
                p.skipChildren();
                onlyError = false;
            }
        }
        return list && usageWithPromptTokens || openAiError && onlyError;
    }

    /** Scans the current object for a top-level field; leaves the parser at its END_OBJECT. */
    private static boolean hasField(JsonParser p, String field) throws IOException {
        boolean found = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            found |= field.equals(p.currentName());
            p.nextToken();
            p.skipChildren();
        }
        return found;
    }

    private static boolean isOpenAiError(JsonParser p) throws IOException {
        boolean message = false;
        boolean typeOrStringCode = false;
        boolean stringStatus = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("message".equals(name)) {
                message = v == JsonToken.VALUE_STRING;
            } else if ("type".equals(name)) {
                typeOrStringCode = true;
            } else if ("code".equals(name) && v == JsonToken.VALUE_STRING) {
                typeOrStringCode = true;
            } else if ("status".equals(name) && v == JsonToken.VALUE_STRING) {
                stringStatus = true; // Google's {"error":{"code":400,"status":"INVALID_ARGUMENT"}}
            }
            p.skipChildren();
        }
        return message && typeOrStringCode && !stringStatus;
    }

    /**
     * Reads the usage of one OpenAI response: a JSON body (Chat Completions, Completions,
     * Embeddings, Responses API) or a streamed transcript (server-sent events).
     *
     * @param body the raw body, UTF-8; not null
     * @return the normalized usage, provider {@code openai}, model as the response named it
     * @throws UsageParseException when the body is malformed, an error body, carries no usage
     *     (including a stream without {@code stream_options.include_usage}), or has counts of the
     *     wrong type, negative, too large or inconsistent; the message names the field
     */
    @Override
    public Usage parse(byte[] body) {
        Objects.requireNonNull(body, "body");
        return OpenAiUsageReader.parse(body);
    }

    /**
     * Reads usage from an object the caller already holds: a Jackson {@link JsonNode} of a parsed
     * response (an object, or a text node holding a body or SSE transcript), a {@code String} or a
     * {@code byte[]} body, or a response object of the official OpenAI Java SDK
     * ({@code com.openai:openai-java}): a {@code ChatCompletion} or a Responses API
     * {@code Response}, read with exactly the same rules as their JSON bodies. The SDK is an
     * optional dependency: without it on the class path this method never touches SDK classes.
     *
     * <pre>{@code
     * ChatCompletion completion = client.chat().completions().create(params);
     * Usage usage = new OpenAiAdapter().usageOf(completion).orElseThrow();
     * }</pre>
     *
     * @param response the response; not null
     * @return the usage, or empty for any other type
     * @throws UsageParseException when the object is of a known type but carries no usable usage
     */
    @Override
    public Optional<Usage> usageOf(Object response) {
        return ResponseObjects.usageOf(response, this, OpenAiUsageReader::parseTree, SDK);
    }

    /**
     * @return OpenAI's price list ({@code dev/llmlab/provider/openai/prices.json}), in LLMlab's
     *     price-file format
     */
    @Override
    public Optional<InputStream> openPriceList() {
        return Optional.ofNullable(OpenAiAdapter.class.getResourceAsStream("prices.json"));
    }

    /**
     * @return {@code azure} (Azure OpenAI, which returns OpenAI's shapes) and its other names: usage
     *     parsed for it names it as its provider and is priced at Azure's rates
     */
    @Override
    public Map<String, Set<String>> hosts() {
        return HOSTS;
    }

    /**
     * Opens OpenAI's models' prices on Azure: {@code azure-prices.json} beside this class.
     *
     * @param host {@code azure}; not null
     * @return the list, or empty for another host
     */
    @Override
    public Optional<InputStream> openHostPriceList(String host) {
        return HOSTS.containsKey(host) ? Optional.ofNullable(OpenAiAdapter.class.getResourceAsStream(host
                + "-prices.json")) : Optional.empty();
    }

    @Override
    public String toString() {
        return "OpenAiAdapter";
    }
}

package dev.llmlab.provider.anthropic;

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
 * Reads Anthropic Claude Messages API responses into LLMlab's normalized {@link Usage} and ships
 * Anthropic's price list. Immutable and thread-safe; found through
 * {@link java.util.ServiceLoader} as provider {@code "anthropic"} (alias {@code "claude"}).
 *
 * <p>Anthropic's counts map onto the normalized vocabulary as follows:
 * <ul>
 *   <li>{@code input_tokens} = {@code usage.input_tokens + cache_creation_input_tokens +
 *       cache_read_input_tokens}: Anthropic's {@code input_tokens} <em>excludes</em> the cached
 *       parts;</li>
 *   <li>{@code cache_read_tokens} = {@code cache_read_input_tokens};</li>
 *   <li>{@code cache_write_tokens} = {@code cache_creation_input_tokens}, of which
 *       {@code cache_creation.ephemeral_1h_input_tokens} is {@code cache_write_1h_tokens};</li>
 *   <li>{@code output_tokens} = {@code output_tokens}, which includes extended thinking;
 *       {@code reasoning_tokens} stays unknown because Anthropic does not report it apart;</li>
 *   <li>{@code web_search_requests} = {@code server_tool_use.web_search_requests}.</li>
 * </ul>
 * Null cache counts (sent by the API when caching was not used) count as zero. Streams take the
 * usage of {@code message_start} overlaid with the non-null counts of the last
 * {@code message_delta}. The same Messages shape comes from Amazon Bedrock (InvokeModel) and
 * Google Vertex AI, so their bodies parse here too.
 *
 * <pre>{@code
 * Usage usage = new AnthropicAdapter().parse(responseBody);
 * CostResult cost = CostCalculator.of(PriceCatalog.loadDefault()).price(usage);
 * }</pre>
 */
public final class AnthropicAdapter implements ProviderAdapter {
    /** How much of a streamed body {@link #recognizes(byte[])} looks at, and how many of its events. */
    private static final int RECOGNIZE_STREAM_PREFIX = 16 * 1024;
    private static final int RECOGNIZE_STREAM_EVENTS = 3;
    /** How many top-level members {@link #recognizes(byte[])} reads before giving up. */
    private static final int RECOGNIZE_MEMBERS = 32;
    /** What {@link #recognizes} runs; the fast-path tests compare it with its Jackson-only reading. */
    static final Recognizer RECOGNIZER = Recognizer
            .of(AnthropicUsageReader.JSON, p -> recognizesObject(p, "message", "message_start"))
            .withStreams(RECOGNIZE_STREAM_PREFIX, RECOGNIZE_STREAM_EVENTS,
                    p -> recognizesObject(p, "message_start", "message_start"));
    /** The official SDK, optional: its classes load only when the application hands over one of its objects. */
    private static final OptionalSdk SDK = OptionalSdk.of("Anthropic SDK", "LLMlab Anthropic adapter",
            List.of(AnthropicSdkUsage.MESSAGE, AnthropicSdkUsage.BETA_MESSAGE),
            // Module.addReads works only when called from this module; on the class path the SDK is not required
            sdkModule -> AnthropicAdapter.class.getModule().addReads(sdkModule),
            // a lambda, not a method reference, so that AnthropicSdkUsage loads only when called
            sdkObject -> AnthropicSdkUsage.toJson(sdkObject), AnthropicUsageReader::parse);

    /** The hosts that return Anthropic's Messages shape: Bedrock (InvokeModel) and Vertex AI (rawPredict). */
    private static final Map<String, Set<String>> HOSTS = Map.of(
            "bedrock", Set.of("aws", "aws-bedrock", "aws_bedrock", "amazon-bedrock"),
            "vertex_ai", Set.of("vertex", "vertex-ai", "google-vertex", "google_vertex"));

    /** Creates the adapter; it holds no state. */
    public AnthropicAdapter() {
    }

    /** @return {@code "anthropic"} */
    @Override
    public String provider() {
        return AnthropicUsageReader.PROVIDER;
    }

    /** @return {@code "claude"} */
    @Override
    public Set<String> aliases() {
        return Set.of("claude");
    }

    /**
     * Recognises a Messages API body ({@code "type":"message"}), an Anthropic error body
     * ({@code "type":"error"} with an {@code error} object) and a stream (server-sent events, or
     * Bedrock's event objects one after another) that starts with {@code message_start} or such an
     * error event, and a line of a Message Batches results file ({@code custom_id} and a
     * {@code result}). Reads a bounded prefix of the body only.
     *
     * @param body the raw body; not null
     * @return true for an Anthropic body
     */
    @Override
    public boolean recognizes(byte[] body) {
        return RECOGNIZER.recognizes(Objects.requireNonNull(body, "body"));
    }

    /** Reads the first members of an object; any failure is the caller's to handle. */
    private static boolean recognizesObject(JsonParser p, String messageType, String eventType) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        boolean typeError = false;
        boolean errorObject = false;
        boolean customId = false;
        for (int i = 0; i < RECOGNIZE_MEMBERS && p.nextToken() == JsonToken.FIELD_NAME; i++) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("type".equals(name) && value == JsonToken.VALUE_STRING) {
                String type = p.getText();
                if (messageType.equals(type) || eventType.equals(type)) {
                    return true;
                }
                typeError = "error".equals(type);
            } else if ("error".equals(name) && value == JsonToken.START_OBJECT) {
                errorObject = true;
            } else if ("custom_id".equals(name) && value == JsonToken.VALUE_STRING) {
                customId = true;
            } else if (customId && "result".equals(name) && value == JsonToken.START_OBJECT && isBatchResult(p)) {
                return true; // a line of a Message Batches results file
            }
            if (typeError && errorObject) {
                return true; // Anthropic's error shape: {"type":"error","error":{...}}
            }
            p.skipChildren();
        }
        return false;
    }

    /** True when the current object's "type" is a Message Batches result type; leaves the parser at its end. */
    private static boolean isBatchResult(JsonParser p) throws IOException {
        boolean found = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("type".equals(name) && v == JsonToken.VALUE_STRING) {
                found = Set.of("succeeded", "errored", "canceled", "expired").contains(p.getText());
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    /**
     * Reads the usage of a Messages API response: a JSON body, a streamed (server-sent events)
     * transcript, or the stream's event objects one after another (Bedrock's stream chunks).
     *
     * @param body the raw body, UTF-8; not null
     * @return the normalized usage
     * @throws UsageParseException when the body is malformed (with line and column), an error
     *     body or error event (quoting Anthropic's error type and message), carries no usage, or
     *     a count is missing, of the wrong type, negative or beyond a long (naming the field)
     */
    @Override
    public Usage parse(byte[] body) {
        Objects.requireNonNull(body, "body");
        return AnthropicUsageReader.parse(body);
    }

    /**
     * Reads the usage of a response held as a parsed Jackson {@link JsonNode}, a {@link String}
     * or a {@code byte[]} body, or as a {@code Message} or {@code BetaMessage} of the official
     * Anthropic Java SDK ({@code com.anthropic:anthropic-java}), read with exactly the same rules as
     * its JSON body. The SDK is an optional dependency: without it on the class path this method
     * never touches SDK classes.
     *
     * <pre>{@code
     * Message message = client.messages().create(params);
     * Usage usage = new AnthropicAdapter().usageOf(message).orElseThrow();
     * }</pre>
     *
     * @param response the response; not null
     * @return the usage, or empty for any other type
     * @throws UsageParseException when the object is of one of those types but carries no usage
     *     or is malformed
     */
    @Override
    public Optional<Usage> usageOf(Object response) {
        return ResponseObjects.usageOf(response, this, AnthropicUsageReader::parseTree, SDK);
    }

    /**
     * Opens Anthropic's price list ({@code dev/llmlab/provider/anthropic/prices.json}).
     *
     * @return the price list; present in a complete jar
     */
    @Override
    public Optional<InputStream> openPriceList() {
        return Optional.ofNullable(AnthropicAdapter.class.getResourceAsStream("prices.json"));
    }

    /**
     * @return {@code bedrock} (Amazon Bedrock's InvokeModel returns the Messages shape) and
     *     {@code vertex_ai} (Google Vertex AI's rawPredict likewise), with the names other tools use
     *     for them; usage parsed for either names it as its provider and is priced at its rates
     */
    @Override
    public Map<String, Set<String>> hosts() {
        return HOSTS;
    }

    /**
     * Opens Claude's prices on a host: {@code bedrock-prices.json} or {@code vertex_ai-prices.json}
     * beside this class.
     *
     * @param host {@code bedrock} or {@code vertex_ai}; not null
     * @return the host's list, or empty for another host
     */
    @Override
    public Optional<InputStream> openHostPriceList(String host) {
        return HOSTS.containsKey(host) ? Optional.ofNullable(AnthropicAdapter.class.getResourceAsStream(host
                + "-prices.json")) : Optional.empty();
    }

    @Override
    public String toString() {
        return "AnthropicAdapter";
    }
}

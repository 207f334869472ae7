package dev.llmlab.provider.anthropic;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;

/**
 * Reads the usage of the official Anthropic Java SDK's ({@code com.anthropic:anthropic-java})
 * {@link Message} and {@link BetaMessage}. Loaded only by {@link AnthropicAdapter#usageOf(Object)}
 * after it has seen, by class name, that the object is one of them: an application without the
 * SDK never loads this class.
 *
 * <p>The message is written back to JSON with the SDK's own {@link ObjectMappers#jsonMapper()} and
 * read by the adapter's JSON path, so it normalizes exactly like the body it came from (cache reads
 * and writes added to {@code input_tokens}, the 5-minute/1-hour write breakdown, server-side web
 * searches). The SDK keeps every field of the body, including ones it does not model, so nothing
 * the JSON reader uses is lost; the typed accessors would duplicate every mapping rule and drift
 * from the tested JSON path.
 */
final class AnthropicSdkUsage {
    /** {@code client.messages().create(params)} */
    static final String MESSAGE = "com.anthropic.models.messages.Message";
    /** {@code client.beta().messages().create(params)} */
    static final String BETA_MESSAGE = "com.anthropic.models.beta.messages.BetaMessage";

    private AnthropicSdkUsage() {
    }

    /**
     * @param sdkObject a {@code Message} or {@code BetaMessage}, as checked by class name
     * @return the normalized usage
     * @throws UsageParseException when the message carries no usable usage, or cannot be written
     *     as JSON
     */
    static Usage usageOf(Object sdkObject) {
        if (sdkObject instanceof Message) {
            return read(sdkObject, "Message");
        }
        if (sdkObject instanceof BetaMessage) {
            return read(sdkObject, "BetaMessage");
        }
        // same class name, other class: the SDK was loaded twice, by class loaders that do not share it
        throw new UsageParseException("the " + sdkObject.getClass().getName() + " object comes from a copy of the"
                + " Anthropic SDK that the LLMlab Anthropic adapter's class loader does not see");
    }

    private static Usage read(Object sdkObject, String type) {
        byte[] json;
        try {
            json = ObjectMappers.jsonMapper().writeValueAsBytes(sdkObject);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new UsageParseException("cannot write the Anthropic SDK's " + type + " as JSON: " + e.getMessage(), e);
        }
        try {
            return AnthropicUsageReader.parse(json);
        } catch (UsageParseException e) {
            throw new UsageParseException("Anthropic SDK " + type + ": " + e.getMessage(), e);
        }
    }
}

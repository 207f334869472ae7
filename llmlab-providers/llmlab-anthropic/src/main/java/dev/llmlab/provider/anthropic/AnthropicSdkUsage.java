package dev.llmlab.provider.anthropic;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Writes the official Anthropic Java SDK's ({@code com.anthropic:anthropic-java}) {@link Message}
 * and {@link BetaMessage} back to JSON. Loaded only by {@link AnthropicAdapter#usageOf(Object)}
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
     * @return its JSON, written by the SDK's own mapper; null when it is of another copy of the SDK
     * @throws JsonProcessingException when the SDK cannot write it
     */
    static byte[] toJson(Object sdkObject) throws JsonProcessingException {
        boolean ours = sdkObject instanceof Message || sdkObject instanceof BetaMessage;
        return ours ? ObjectMappers.jsonMapper().writeValueAsBytes(sdkObject) : null;
    }
}

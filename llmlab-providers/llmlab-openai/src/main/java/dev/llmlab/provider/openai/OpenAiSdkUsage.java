package dev.llmlab.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.responses.Response;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;

/**
 * Reads the usage of the official OpenAI Java SDK's ({@code com.openai:openai-java}) response
 * objects. Loaded only by {@link OpenAiAdapter#usageOf(Object)} after it has seen, by class
 * name, that the object is one of {@link #CHAT_COMPLETION} or {@link #RESPONSE}: an application
 * without the SDK never loads this class.
 *
 * <p>The object is written back to JSON with the SDK's own {@link ObjectMappers#jsonMapper()} and
 * read by the adapter's JSON path, so an SDK object normalizes exactly like the body it came from.
 * The SDK keeps every field of the body, including ones it does not model, in the object (its
 * {@code _additionalProperties}), so nothing the JSON reader uses is lost; reading the typed
 * accessors instead would duplicate every mapping rule (cached, reasoning and audio details,
 * web-search output items) and drift from the tested JSON path.
 */
final class OpenAiSdkUsage {
    /** {@code client.chat().completions().create(params)} */
    static final String CHAT_COMPLETION = "com.openai.models.chat.completions.ChatCompletion";
    /** {@code client.responses().create(params)} (the Responses API) */
    static final String RESPONSE = "com.openai.models.responses.Response";

    private OpenAiSdkUsage() {
    }

    /**
     * @param sdkObject a {@code ChatCompletion} or {@code Response}, as checked by class name
     * @return the normalized usage
     * @throws UsageParseException when the object carries no usable usage, or cannot be written
     *     as JSON
     */
    static Usage usageOf(Object sdkObject) {
        if (sdkObject instanceof ChatCompletion) {
            return read((ChatCompletion) sdkObject, "ChatCompletion");
        }
        if (sdkObject instanceof Response) {
            return read((Response) sdkObject, "Response");
        }
        // same class name, other class: the SDK was loaded twice, by class loaders that do not share it
        throw new UsageParseException("the " + sdkObject.getClass().getName() + " object comes from a copy of the"
                + " OpenAI SDK that the LLMlab OpenAI adapter's class loader does not see");
    }

    private static Usage read(Object sdkObject, String type) {
        byte[] json;
        try {
            json = ObjectMappers.jsonMapper().writeValueAsBytes(sdkObject);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new UsageParseException("cannot write the OpenAI SDK's " + type + " as JSON: " + e.getMessage(), e);
        }
        try {
            return OpenAiUsageReader.parse(json);
        } catch (UsageParseException e) {
            throw new UsageParseException("OpenAI SDK " + type + ": " + e.getMessage(), e);
        }
    }
}

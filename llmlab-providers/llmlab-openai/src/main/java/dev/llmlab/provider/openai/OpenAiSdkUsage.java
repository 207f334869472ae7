package dev.llmlab.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.responses.Response;

/**
 * Writes the official OpenAI Java SDK's ({@code com.openai:openai-java}) response objects back to
 * JSON. Loaded only by {@link OpenAiAdapter#usageOf(Object)} after it has seen, by class name,
 * that the object is one of {@link #CHAT_COMPLETION} or {@link #RESPONSE}: an application without
 * the SDK never loads this class.
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
     * @return its JSON, written by the SDK's own mapper; null when it is of another copy of the SDK
     * @throws JsonProcessingException when the SDK cannot write it
     */
    static byte[] toJson(Object sdkObject) throws JsonProcessingException {
        boolean ours = sdkObject instanceof ChatCompletion || sdkObject instanceof Response;
        return ours ? ObjectMappers.jsonMapper().writeValueAsBytes(sdkObject) : null;
    }
}

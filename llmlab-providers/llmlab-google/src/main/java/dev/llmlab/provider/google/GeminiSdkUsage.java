package dev.llmlab.provider.google;

import com.google.genai.types.GenerateContentResponse;
import java.nio.charset.StandardCharsets;

/**
 * Writes the official Google Gen AI Java SDK's ({@code com.google.genai:google-genai})
 * {@link GenerateContentResponse} back to its JSON, for the adapter's JSON path. Loaded only by
 * {@link GeminiAdapter#usageOf(Object)} after it has seen, by class name, that the object is a
 * {@code GenerateContentResponse}: an application without the SDK never loads this class.
 *
 * <p>The SDK's own {@link GenerateContentResponse#toJson()} writes the response with the
 * Gemini API's field names ({@code usageMetadata.promptTokenCount}, {@code thoughtsTokenCount},
 * {@code toolUsePromptTokenCount}, the per-modality details, {@code modelVersion}), so the
 * response normalizes exactly like the body it came from, by the same tested code.
 */
final class GeminiSdkUsage {
    /** {@code client.models.generateContent(model, contents, config)}; an AutoValue subclass at run time */
    static final String GENERATE_CONTENT_RESPONSE = "com.google.genai.types.GenerateContentResponse";

    private GeminiSdkUsage() {
    }

    /**
     * @param sdkObject a {@code GenerateContentResponse}, as checked by class name
     * @return its JSON, or null when the object is not this SDK's (a copy of the SDK that this
     *     class loader does not see)
     */
    static byte[] toJson(Object sdkObject) {
        if (sdkObject instanceof GenerateContentResponse) {
            return ((GenerateContentResponse) sdkObject).toJson().getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }
}

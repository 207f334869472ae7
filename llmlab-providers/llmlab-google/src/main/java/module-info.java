/**
 * LLMlab's Google Gemini provider: reads Gemini API and Vertex AI {@code generateContent}
 * responses (plain, server-sent events and JSON-array streams) into normalized usage, and ships
 * Google's Gemini price list.
 */
module dev.llmlab.provider.google {
    requires dev.llmlab.spi;
    requires com.fasterxml.jackson.core;
    requires dev.llmlab.provider.json;
    requires com.fasterxml.jackson.databind;
    // the official Google Gen AI Java SDK (optional: read only when the application hands over one of its responses); an automatic module named by its manifest
    requires static com.google.genai;

    exports dev.llmlab.provider.google;

    provides dev.llmlab.spi.ProviderAdapter with dev.llmlab.provider.google.GeminiAdapter;
}

/**
 * The Google Gemini provider of LLMlab: {@link dev.llmlab.provider.google.GeminiAdapter} reads
 * Gemini API and Vertex AI responses into normalized usage and ships Google's price list
 * ({@code prices.json} beside the adapter). Found through {@link java.util.ServiceLoader}; callers
 * normally use it through {@code dev.llmlab.core.providers.ProviderRegistry}.
 */
package dev.llmlab.provider.google;

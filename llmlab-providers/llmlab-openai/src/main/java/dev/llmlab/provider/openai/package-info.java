/**
 * LLMlab's OpenAI provider: {@link dev.llmlab.provider.openai.OpenAiAdapter} reads the usage of
 * OpenAI and Azure OpenAI responses (Chat Completions, legacy Completions, Embeddings, the
 * Responses API and Realtime {@code response.done} events; plain or streamed) into LLMlab's
 * normalized usage, and ships OpenAI's price list
 * ({@code dev/llmlab/provider/openai/prices.json}). It is found through
 * {@link java.util.ServiceLoader}; applications do not call it directly:
 *
 * <pre>{@code
 * ProviderRegistry providers = ProviderRegistry.loadDefault();
 * Usage usage = providers.parse("openai", responseBody);
 * }</pre>
 */
package dev.llmlab.provider.openai;

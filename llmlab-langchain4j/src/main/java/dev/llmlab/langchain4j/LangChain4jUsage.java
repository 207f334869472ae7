package dev.llmlab.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import java.util.Locale;
import java.util.Objects;

/**
 * Maps LangChain4j's {@link TokenUsage} (and its provider-specific subclasses) onto LLMlab's
 * normalized {@link Usage}. Each provider module of LangChain4j is optional: its subclass is
 * recognised by class name and read by a helper that is only loaded when that module is present.
 *
 * <ul>
 *   <li>{@code OpenAiTokenUsage}: {@code inputTokenCount} is OpenAI's {@code prompt_tokens}, which
 *       already includes {@code cached_tokens}; {@code outputTokenCount} is
 *       {@code completion_tokens}, which already includes {@code reasoning_tokens}.</li>
 *   <li>{@code AnthropicTokenUsage}: {@code inputTokenCount} is Anthropic's {@code input_tokens},
 *       which <em>excludes</em> cache reads and writes, so they are added to make the normalized
 *       input. LangChain4j does not split 5-minute and 1-hour cache writes: all are priced as
 *       5-minute writes.</li>
 *   <li>Gemini (LangChain4j 1.x): a plain {@code TokenUsage(prompt, candidates, total)}. Gemini
 *       bills thinking tokens as output but leaves them out of {@code candidatesTokenCount}; they
 *       are the rest of {@code totalTokenCount}, so {@code total - prompt - candidates} is added to
 *       the output as reasoning. Implicit cache hits are not exposed by LangChain4j and are priced
 *       as uncached input.</li>
 *   <li>Anything else: input and output as given.</li>
 * </ul>
 *
 * <p>The service tier billed comes from the response metadata where LangChain4j keeps it:
 * {@code OpenAiChatResponseMetadata.serviceTier()}, OpenAI's {@code service_tier} of the response
 * ({@code default}/{@code auto} standard, {@code flex}, {@code priority}; {@code scale} and unknown
 * values are not reported, so priced at the standard rates). LangChain4j 1.8's Anthropic token
 * usage and metadata carry neither the tier nor the inference geography, nor does a plain
 * {@code TokenUsage}: those calls are recorded at the standard rates.
 */
public final class LangChain4jUsage {
    private static final String OPENAI_USAGE = "dev.langchain4j.model.openai.OpenAiTokenUsage";
    private static final String OPENAI_METADATA = "dev.langchain4j.model.openai.OpenAiChatResponseMetadata";
    private static final String ANTHROPIC_USAGE = "dev.langchain4j.model.anthropic.AnthropicTokenUsage";

    private LangChain4jUsage() {
    }

    /**
     * @param provider LangChain4j's provider of the model; null when unknown
     * @return the LLMlab provider name: {@code openai} (also for Azure OpenAI, priced at OpenAI's
     *     list prices), {@code anthropic}, {@code google} (AI Studio and Vertex), otherwise the
     *     enum name in lower case, or {@code "unknown"}
     */
    public static String providerName(ModelProvider provider) {
        if (provider == null) {
            return "unknown";
        }
        switch (provider) {
            case OPEN_AI:
            case AZURE_OPEN_AI:
                return "openai";
            case ANTHROPIC:
                return "anthropic";
            case GOOGLE_AI_GEMINI:
            case GOOGLE_VERTEX_AI_GEMINI:
                return "google";
            case MISTRAL_AI:
                return "mistral";
            default:
                return provider.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param provider the LLMlab provider name; not null
     * @param model the model the response (or request) named; null when unknown
     * @param tokenUsage LangChain4j's token usage; not null
     * @return the normalized usage
     * @throws dev.llmlab.spi.InvalidUsageException when the counts are inconsistent (e.g. more
     *     cached than input tokens)
     */
    public static Usage of(String provider, String model, TokenUsage tokenUsage) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(tokenUsage, "tokenUsage");
        if (isInstance(tokenUsage, OPENAI_USAGE)) {
            return OpenAi.usage(provider, model, tokenUsage);
        }
        if (isInstance(tokenUsage, ANTHROPIC_USAGE)) {
            return Anthropic.usage(provider, model, tokenUsage);
        }
        long input = count(tokenUsage.inputTokenCount());
        long output = count(tokenUsage.outputTokenCount());
        Usage.Builder b = Usage.builder(provider, model).inputTokens(input).outputTokens(output);
        if ("google".equals(provider) && tokenUsage.totalTokenCount() != null) {
            long thoughts = count(tokenUsage.totalTokenCount()) - input - output;
            if (thoughts > 0) {
                b.outputTokens(output + thoughts).reasoningTokens(thoughts);
            }
        }
        return b.build();
    }

    /**
     * @param usage the usage read from the response's token usage; not null
     * @param metadata the response's metadata; null when there is none
     * @return the usage with the service tier the response reports, or {@code usage} when it reports
     *     none LLMlab prices
     */
    public static Usage withServiceTier(Usage usage, ChatResponseMetadata metadata) {
        Objects.requireNonNull(usage, "usage");
        if (metadata == null || !isInstance(metadata, OPENAI_METADATA)) {
            return usage;
        }
        ServiceTier tier = openAiServiceTier(OpenAi.serviceTier(metadata));
        return tier == null ? usage : usage.withServiceTier(tier);
    }

    /** As LLMlab's OpenAI reader reads a response's {@code service_tier}. */
    static ServiceTier openAiServiceTier(String reported) {
        if (reported == null) {
            return null;
        }
        switch (reported) {
            case "default":
            case "auto":
                return ServiceTier.STANDARD;
            case "flex":
                return ServiceTier.FLEX;
            case "priority":
                return ServiceTier.PRIORITY;
            default:
                // scale (prepaid capacity) or a value added later: no list price to bill
                return null;
        }
    }

    private static boolean isInstance(Object o, String className) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    static long count(Integer value) {
        return value == null ? 0 : value;
    }

    /** Loaded only when langchain4j-open-ai is present. */
    private static final class OpenAi {
        static String serviceTier(ChatResponseMetadata metadata) {
            return ((dev.langchain4j.model.openai.OpenAiChatResponseMetadata) metadata).serviceTier();
        }

        static Usage usage(String provider, String model, TokenUsage tu) {
            dev.langchain4j.model.openai.OpenAiTokenUsage u = (dev.langchain4j.model.openai.OpenAiTokenUsage) tu;
            Usage.Builder b = Usage.builder(provider, model)
                    .inputTokens(count(u.inputTokenCount()))
                    .outputTokens(count(u.outputTokenCount()));
            if (u.inputTokensDetails() != null) {
                b.cacheReadTokens(count(u.inputTokensDetails().cachedTokens()));
            }
            if (u.outputTokensDetails() != null && u.outputTokensDetails().reasoningTokens() != null) {
                b.reasoningTokens(u.outputTokensDetails().reasoningTokens());
            }
            return b.build();
        }
    }

    /** Loaded only when langchain4j-anthropic is present. */
    private static final class Anthropic {
        static Usage usage(String provider, String model, TokenUsage tu) {
            dev.langchain4j.model.anthropic.AnthropicTokenUsage u =
                    (dev.langchain4j.model.anthropic.AnthropicTokenUsage) tu;
            long read = count(u.cacheReadInputTokens());
            long write = count(u.cacheCreationInputTokens());
            return Usage.builder(provider, model)
                    .inputTokens(count(u.inputTokenCount()) + read + write)
                    .cacheReadTokens(read)
                    .cacheWriteTokens(write)
                    .outputTokens(count(u.outputTokenCount()))
                    .build();
        }
    }
}

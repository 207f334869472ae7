package dev.llmlab.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmlab.spi.LlmLabException;
import dev.llmlab.spi.Usage;
import org.junit.jupiter.api.Test;

class LangChain4jUsageTest {
    @Test
    void openAi_promptTokensAlreadyIncludeCached_completionIncludesReasoning() {
        OpenAiTokenUsage tu = OpenAiTokenUsage.builder().inputTokenCount(1000).outputTokenCount(500).totalTokenCount(1500)
                .inputTokensDetails(OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(400).build())
                .outputTokensDetails(OpenAiTokenUsage.OutputTokensDetails.builder().reasoningTokens(200).build())
                .build();

        Usage u = LangChain4jUsage.of("openai", "o3-mini", tu);

        assertThat(u.inputTokens()).isEqualTo(1000);
        assertThat(u.cacheReadTokens()).isEqualTo(400);
        assertThat(u.outputTokens()).isEqualTo(500);
        assertThat(u.reasoningTokens()).hasValue(200);
    }

    @Test
    void openAi_withoutDetails_readsReasoningAsUnknown() {
        OpenAiTokenUsage tu = OpenAiTokenUsage.builder().inputTokenCount(10).outputTokenCount(5).build();

        Usage u = LangChain4jUsage.of("openai", "gpt-4o", tu);

        assertThat(u.cacheReadTokens()).isZero();
        assertThat(u.reasoningTokens()).isEmpty();
    }

    @Test
    void anthropic_inputExcludesCache_soCacheReadsAndWritesAreAdded() {
        AnthropicTokenUsage tu = AnthropicTokenUsage.builder().inputTokenCount(100).outputTokenCount(512)
                .cacheReadInputTokens(2000).cacheCreationInputTokens(300).build();

        Usage u = LangChain4jUsage.of("anthropic", "claude-sonnet-4-5", tu);

        assertThat(u.inputTokens()).isEqualTo(2400);
        assertThat(u.cacheReadTokens()).isEqualTo(2000);
        assertThat(u.cacheWriteTokens()).isEqualTo(300);
        assertThat(u.uncachedInputTokens()).isEqualTo(100);
        assertThat(u.outputTokens()).isEqualTo(512);
    }

    @Test
    void gemini_thinkingTokensMissingFromCandidates_areAddedToOutputAsReasoning() {
        TokenUsage tu = new TokenUsage(1200, 300, 1700); // 200 thinking tokens hide in the total

        Usage u = LangChain4jUsage.of("google", "gemini-2.5-flash", tu);

        assertThat(u.inputTokens()).isEqualTo(1200);
        assertThat(u.outputTokens()).isEqualTo(500);
        assertThat(u.reasoningTokens()).hasValue(200);
    }

    @Test
    void plainUsage_otherProvider_inputAndOutputAsGiven_nullsAreZero() {
        Usage u = LangChain4jUsage.of("mistral", "mistral-large", new TokenUsage(null, 7, 100));

        assertThat(u.inputTokens()).isZero();
        assertThat(u.outputTokens()).isEqualTo(7);
    }

    @Test
    void inconsistentCounts_areOurException() {
        OpenAiTokenUsage tu = OpenAiTokenUsage.builder().inputTokenCount(10).outputTokenCount(5)
                .inputTokensDetails(OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(50).build()).build();

        assertThatThrownBy(() -> LangChain4jUsage.of("openai", "gpt-4o", tu)).isInstanceOf(LlmLabException.class)
                .hasMessageContaining("cache_read_tokens");
        assertThatThrownBy(() -> LangChain4jUsage.of("openai", "gpt-4o", new TokenUsage(-1, 5)))
                .isInstanceOf(LlmLabException.class).hasMessageContaining("input_tokens");
    }

    @Test
    void providerNames_mapLangChain4jProvidersToCatalogNames() {
        assertThat(LangChain4jUsage.providerName(ModelProvider.OPEN_AI)).isEqualTo("openai");
        assertThat(LangChain4jUsage.providerName(ModelProvider.AZURE_OPEN_AI)).isEqualTo("openai");
        assertThat(LangChain4jUsage.providerName(ModelProvider.ANTHROPIC)).isEqualTo("anthropic");
        assertThat(LangChain4jUsage.providerName(ModelProvider.GOOGLE_VERTEX_AI_GEMINI)).isEqualTo("google");
        assertThat(LangChain4jUsage.providerName(ModelProvider.AMAZON_BEDROCK)).isEqualTo("amazon-bedrock");
        assertThat(LangChain4jUsage.providerName(null)).isEqualTo("unknown");
    }
}

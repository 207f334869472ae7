package dev.llmlab.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsageTest {
    @Test
    void build_negativeCount_namesTheField() {
        assertThatThrownBy(() -> Usage.builder("openai", "gpt-4o").inputTokens(-1).build())
                .isInstanceOf(InvalidUsageException.class).hasMessage("input_tokens must be >= 0, was -1");
        assertThatThrownBy(() -> Usage.builder("openai", "gpt-4o").outputTokens(-2).build())
                .hasMessage("output_tokens must be >= 0, was -2");
        assertThatThrownBy(() -> Usage.builder("openai", "gpt-4o").reasoningTokens(-3))
                .isInstanceOf(InvalidUsageException.class).hasMessageContaining("reasoning_tokens");
    }

    @Test
    void build_subsetLargerThanWhole_isRejected() {
        assertThatThrownBy(() -> Usage.builder("a", "m").inputTokens(10).cacheReadTokens(6).cacheWriteTokens(5).build())
                .hasMessageContaining("must not exceed input_tokens (10)");
        assertThatThrownBy(() -> Usage.builder("a", "m").inputTokens(10).cacheWriteTokens(2).cacheWrite1hTokens(3).build())
                .hasMessageContaining("cache_write_1h_tokens (3) must not exceed cache_write_tokens (2)");
        assertThatThrownBy(() -> Usage.builder("a", "m").outputTokens(5).reasoningTokens(6).build())
                .hasMessageContaining("reasoning_tokens (6) must not exceed output_tokens (5)");
        assertThatThrownBy(() -> Usage.builder("a", "m").inputTokens(10).cacheReadTokens(8).inputAudioTokens(3).build())
                .hasMessageContaining("input_audio_tokens (3) must not exceed the uncached input tokens (2)");
        assertThatThrownBy(() -> Usage.builder("a", "m").inputTokens(Long.MAX_VALUE).cacheReadTokens(Long.MAX_VALUE)
                .cacheWriteTokens(Long.MAX_VALUE).build()).isInstanceOf(InvalidUsageException.class);
    }

    @Test
    void reasoning_isUnknownUntilSet() {
        Usage u = Usage.builder("a", "m").outputTokens(5).build();
        assertThat(u.reasoningTokens()).isEmpty();
        assertThat(u.toBuilder().reasoningTokens(0).build().reasoningTokens()).hasValue(0);
        assertThat(u.uncachedInputTokens()).isZero();
    }

    @Test
    void withModel_andEquality() {
        Usage a = Usage.builder("cohere", null).inputTokens(3).build();
        Usage b = a.withModel("command-a-03-2025");
        assertThat(b.model()).isEqualTo("command-a-03-2025");
        assertThat(b).isNotEqualTo(a).isEqualTo(Usage.builder("cohere", "command-a-03-2025").inputTokens(3).build());
        assertThat(b.hashCode()).isEqualTo(Usage.builder("cohere", "command-a-03-2025").inputTokens(3).build().hashCode());
    }

    @Test
    void builder_blankProvider_isRejected() {
        assertThatThrownBy(() -> Usage.builder(" ", "m")).isInstanceOf(InvalidUsageException.class);
        assertThatThrownBy(() -> Usage.builder(null, "m")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void invalidUsage_namesTheFieldForPrograms() {
        assertThat(field(() -> Usage.builder("a", "m").outputTokens(-2).build())).isEqualTo("output_tokens");
        assertThat(field(() -> Usage.builder("a", "m").inputTokens(10).cacheReadTokens(11).build()))
                .isEqualTo("cache_read_tokens");
        assertThat(field(() -> Usage.builder("a", "m").inputTokens(10).cacheWriteTokens(2).cacheWrite1hTokens(3).build()))
                .isEqualTo("cache_write_1h_tokens");
        assertThat(field(() -> Usage.builder("a", "m").inputTokens(10).cacheReadTokens(8).inputAudioTokens(3).build()))
                .isEqualTo("input_audio_tokens");
        assertThat(field(() -> Usage.builder("a", "m").outputTokens(5).reasoningTokens(6).build()))
                .isEqualTo("reasoning_tokens");
        assertThat(field(() -> Usage.builder("a", "m").outputTokens(5).outputAudioTokens(6).build()))
                .isEqualTo("output_audio_tokens");
        assertThat(field(() -> Usage.builder(" ", "m"))).isEqualTo("provider");
        assertThat(new InvalidUsageException("no field known").field()).isNull();
    }

    private static String field(Runnable build) {
        try {
            build.run();
        } catch (InvalidUsageException e) {
            assertThat(e.getMessage()).startsWith(e.field());
            return e.field();
        }
        throw new AssertionError("no InvalidUsageException");
    }
}

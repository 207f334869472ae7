package dev.llmlab.provider.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.spi.Usage;

/** Compares normalized usage so that a failure names what differs. */
public final class UsageAssertions {
    private UsageAssertions() {
    }

    /**
     * Asserts two usages are equal, field by field first, so that a difference names the field.
     *
     * @param actual the usage read
     * @param expected the usage it must equal
     */
    public static void assertSameUsage(Usage actual, Usage expected) {
        assertThat(actual.provider()).as("provider").isEqualTo(expected.provider());
        assertThat(actual.model()).as("model").isEqualTo(expected.model());
        assertThat(actual.inputTokens()).as("input_tokens").isEqualTo(expected.inputTokens());
        assertThat(actual.cacheReadTokens()).as("cache_read_tokens").isEqualTo(expected.cacheReadTokens());
        assertThat(actual.cacheWriteTokens()).as("cache_write_tokens").isEqualTo(expected.cacheWriteTokens());
        assertThat(actual.cacheWrite1hTokens()).as("cache_write_1h_tokens").isEqualTo(expected.cacheWrite1hTokens());
        assertThat(actual.outputTokens()).as("output_tokens").isEqualTo(expected.outputTokens());
        assertThat(actual.reasoningTokens()).as("reasoning_tokens").isEqualTo(expected.reasoningTokens());
        assertThat(actual.inputAudioTokens()).as("input_audio_tokens").isEqualTo(expected.inputAudioTokens());
        assertThat(actual.outputAudioTokens()).as("output_audio_tokens").isEqualTo(expected.outputAudioTokens());
        assertThat(actual.webSearchRequests()).as("web_search_requests").isEqualTo(expected.webSearchRequests());
        assertThat(actual).isEqualTo(expected);
    }
}

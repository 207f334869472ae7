package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.pricing.PriceTier;
import dev.llmlab.core.pricing.Rates;
import dev.llmlab.core.tracking.FsyncPolicy;
import dev.llmlab.core.tracking.HttpSink;
import dev.llmlab.core.tracking.QueueFullPolicy;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The tracker's, the sinks' and the price types' builders refuse a bad setting with an
 * IllegalArgumentException naming the setting and the value (budgets: {@code BudgetTest}).
 */
class BuilderChecksTest {
    private static final URI SERVER = URI.create("http://127.0.0.1:9");

    @Test
    void llmLabBuilder_badSettings_areRefusedWithTheirNameAndValue() {
        LlmLab.Builder b = LlmLab.builder();
        assertThatThrownBy(() -> b.queueCapacity(1)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("queueCapacity must be 2 to 2^30, was 1");
        assertThatThrownBy(() -> b.queueCapacity((1 << 30) + 1)).hasMessage("queueCapacity must be 2 to 2^30, was 1073741825");
        assertThatThrownBy(() -> b.maxBatchSize(0)).hasMessage("maxBatchSize must be >= 1, was 0");
        assertThatThrownBy(() -> b.maxSinkBacklog(-1)).hasMessage("maxSinkBacklog must be >= 1, was -1");
        assertThatThrownBy(() -> b.flushInterval(Duration.ZERO)).hasMessage("flushInterval must be > 0, was PT0S");
        assertThatThrownBy(() -> b.sinkRetry(Duration.ofMillis(-5), Duration.ofSeconds(1)))
                .hasMessage("initial retry delay must be > 0, was PT-0.005S");
        assertThatThrownBy(() -> b.sinkRetry(Duration.ofMillis(5), Duration.ZERO)).hasMessage("max retry delay must be > 0, was PT0S");
        assertThatThrownBy(() -> b.closeTimeout(Duration.ZERO)).hasMessage("closeTimeout must be > 0, was PT0S");
    }

    @Test
    void llmLabBuilder_badServerBudgetCheckSettings_areRefusedWithTheirNameAndValue() {
        LlmLab.Builder b = LlmLab.builder();
        assertThatThrownBy(() -> b.serverBudgetCheck(URI.create("ftp://llmlab.example"), "llm_key"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("serverBudgetCheck takes the server's http(s) base URL, like https://llmlab.example.internal,"
                        + " was ftp://llmlab.example");
        assertThatThrownBy(() -> b.serverBudgetCheck(URI.create("llmlab.example"), "llm_key"))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("was llmlab.example");
        assertThatThrownBy(() -> b.serverBudgetCheck(SERVER, " ")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("apiKey");
        assertThatThrownBy(() -> b.serverBudgetCheck(SERVER, null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("apiKey");
        assertThatThrownBy(() -> b.budgetCheckCacheTtl(Duration.ZERO)).hasMessage("budgetCheckCacheTtl must be > 0, was PT0S");
        assertThatThrownBy(() -> b.budgetCheckTimeout(Duration.ofMillis(-1)))
                .hasMessage("budgetCheckTimeout must be > 0, was PT-0.001S");
        assertThatThrownBy(() -> b.budgetCheckFailure(null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("budgetCheckFailure");
    }

    @Test
    void llmLabBuilder_boundaryValues_areAccepted() {
        LlmLab.builder().queueCapacity(2).queueCapacity(1 << 30).maxBatchSize(1).maxSinkBacklog(1)
                .flushInterval(Duration.ofNanos(1)).closeTimeout(Duration.ofNanos(1));
    }

    @Test
    void httpSinkBuilder_badSettings_areRefusedWithTheirNameAndValue() {
        HttpSink.Builder b = HttpSink.builder(SERVER);
        assertThatThrownBy(() -> b.maxBatchSize(0)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBatchSize must be >= 1, was 0");
        assertThatThrownBy(() -> b.maxSpoolBytes(0)).hasMessage("maxSpoolBytes must be >= 1, was 0");
        assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("backoff must satisfy 0 < initial <= max, was PT2S, PT1S");
        assertThatThrownBy(() -> b.backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("backoff must satisfy 0 < initial <= max, was PT0S, PT1S");
        assertThatThrownBy(() -> b.timeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("connect timeout must be > 0, was PT0S");
        assertThatThrownBy(() -> b.timeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessage("request timeout must be > 0, was PT-1S");
        assertThatThrownBy(() -> b.closeTimeout(Duration.ofSeconds(-1))).hasMessage("closeTimeout must be > 0, was PT-1S");
        assertThatThrownBy(() -> HttpSink.builder(URI.create("ftp://x")))
                .hasMessage("serverUrl must be an http or https URL, was ftp://x");
        assertThatThrownBy(b::build).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("HttpSink needs a spoolDirectory, where events wait while the server is unreachable");
    }

    @Test
    void httpSinkBuilder_backoffOfEqualBounds_isAccepted() {
        HttpSink.builder(SERVER).backoff(Duration.ofMillis(1), Duration.ofMillis(1)).maxSpoolBytes(1).maxBatchSize(1);
    }

    @Test
    void policies_nonPositiveDurations_areRefused() {
        assertThatThrownBy(() -> FsyncPolicy.interval(Duration.ZERO)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("fsync interval must be > 0, was PT0S");
        assertThatThrownBy(() -> QueueFullPolicy.block(Duration.ofMillis(-1)))
                .hasMessage("block timeout must be > 0, was PT-0.001S");
        assertThat(QueueFullPolicy.block(Duration.ofNanos(1)).maxWait()).isEqualTo(Duration.ofNanos(1));
    }

    @Test
    void ratesAndTiers_negativeValues_areRefusedNamingTheField() {
        assertThatThrownBy(() -> Rates.builder().cacheRead(new BigDecimal("-0.5")))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("cache_read rate must be >= 0, was -0.5");
        assertThat(Rates.builder().input(BigDecimal.ZERO).cacheRead(null).build().input()).isEqualByComparingTo("0");
        Rates rates = Rates.builder().input(BigDecimal.ONE).build();
        assertThatThrownBy(() -> PriceTier.of(-1, rates)).hasMessage("above_input_tokens must be >= 0, was -1");
        assertThat(PriceTier.of(0, rates).aboveInputTokens()).isZero();
    }

    @Test
    void wrap_ofAClass_isRefused() {
        try (LlmLab lab = Fixtures.lab().build()) {
            assertThatThrownBy(() -> lab.wrap(String.class, "x")).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("java.lang.String is not an interface; wrap() proxies interfaces");
        }
    }
}

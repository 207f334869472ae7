package dev.llmlab.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChecksTest {
    @Test
    void atLeast_int_boundaries() {
        assertThat(Checks.atLeast("n", 1, 1)).isEqualTo(1);
        assertThat(Checks.atLeast("n", Integer.MAX_VALUE, 1)).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> Checks.atLeast("n", 0, 1)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be >= 1, was 0");
        assertThatThrownBy(() -> Checks.atLeast("n", Integer.MIN_VALUE, 1))
                .hasMessage("n must be >= 1, was " + Integer.MIN_VALUE);
    }

    @Test
    void atLeast_long_boundaries() {
        assertThat(Checks.atLeast("bytes", 0L, 0L)).isZero();
        assertThat(Checks.atLeast("bytes", Long.MAX_VALUE, 1L)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Checks.atLeast("bytes", -1L, 0L)).hasMessage("bytes must be >= 0, was -1");
    }

    @Test
    void inRange_acceptsBothEnds_andNamesTheRangeAsGiven() {
        assertThat(Checks.inRange("q", 2, 2, 1 << 30, "2 to 2^30")).isEqualTo(2);
        assertThat(Checks.inRange("q", 1 << 30, 2, 1 << 30, "2 to 2^30")).isEqualTo(1 << 30);
        assertThatThrownBy(() -> Checks.inRange("q", 1, 2, 1 << 30, "2 to 2^30"))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("q must be 2 to 2^30, was 1");
        assertThatThrownBy(() -> Checks.inRange("q", (1 << 30) + 1, 2, 1 << 30, "2 to 2^30"))
                .hasMessage("q must be 2 to 2^30, was 1073741825");
        assertThatThrownBy(() -> Checks.inRange("q", Integer.MAX_VALUE, 2, 1 << 30, "2 to 2^30"))
                .hasMessage("q must be 2 to 2^30, was " + Integer.MAX_VALUE);
    }

    @Test
    void positive_duration_boundaries() {
        assertThat(Checks.positive("d", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        assertThatThrownBy(() -> Checks.positive("d", Duration.ZERO)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("d must be > 0, was PT0S");
        assertThatThrownBy(() -> Checks.positive("d", Duration.ofMillis(-1))).hasMessage("d must be > 0, was PT-0.001S");
        assertThatThrownBy(() -> Checks.positive("d", (Duration) null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("d");
    }

    @Test
    void positive_decimal_boundaries_plainInTheMessage() {
        assertThat(Checks.positive("usd", new BigDecimal("0.000001"))).isEqualByComparingTo("0.000001");
        assertThatThrownBy(() -> Checks.positive("usd", BigDecimal.ZERO)).hasMessage("usd must be > 0, was 0");
        assertThatThrownBy(() -> Checks.positive("usd", new BigDecimal("-1E+2"))).hasMessage("usd must be > 0, was -100");
        assertThatThrownBy(() -> Checks.positive("usd", (BigDecimal) null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("usd");
    }

    @Test
    void notNegative_acceptsZero_refusesTheSmallestNegative() {
        assertThat(Checks.notNegative("rate", BigDecimal.ZERO)).isEqualByComparingTo("0");
        assertThatThrownBy(() -> Checks.notNegative("rate", new BigDecimal("-0.000000001")))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("rate must be >= 0, was -0.000000001");
        assertThatThrownBy(() -> Checks.notNegative("rate", null)).isExactlyInstanceOf(NullPointerException.class);
    }

    @Test
    void notBlank_refusesEmptyAndWhiteSpace() {
        assertThat(Checks.notBlank("name", " a ")).isEqualTo(" a ");
        assertThatThrownBy(() -> Checks.notBlank("name", "")).hasMessage("name must not be blank");
        assertThatThrownBy(() -> Checks.notBlank("name", " \t\n")).hasMessage("name must not be blank");
        assertThatThrownBy(() -> Checks.notBlank("name", null)).isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }

    @Test
    void argument_and_required_throwTheJdkExceptionWithTheGivenMessage() {
        Checks.argument(true, "unused");
        assertThatThrownBy(() -> Checks.argument(false, "bad")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad");
        assertThat(Checks.required("x", "unused")).isEqualTo("x");
        assertThatThrownBy(() -> Checks.required(null, "spoolDirectory is required"))
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("spoolDirectory is required");
    }
}

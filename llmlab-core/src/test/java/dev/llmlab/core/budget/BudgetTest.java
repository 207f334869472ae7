package dev.llmlab.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BudgetTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void period_dayWeekMonth_startAtLocalMidnight() {
        Instant at = Instant.parse("2025-06-11T23:30:00Z"); // already June 12th in Paris
        assertThat(BudgetPeriod.DAY.start(at, PARIS)).isEqualTo(Instant.parse("2025-06-11T22:00:00Z"));
        assertThat(BudgetPeriod.WEEK.firstDay(at, PARIS)).isEqualTo(LocalDate.of(2025, 6, 9));
        assertThat(BudgetPeriod.WEEK.firstDay(at, PARIS).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(BudgetPeriod.MONTH.start(at, PARIS)).isEqualTo(Instant.parse("2025-05-31T22:00:00Z"));
        assertThat(BudgetPeriod.MONTH.end(at, PARIS)).isEqualTo(Instant.parse("2025-06-30T22:00:00Z"));
        assertThat(BudgetPeriod.MONTH.start(at, ZoneOffset.UTC)).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
    }

    @Test
    void period_dayOfDaylightSavingChange_is23Hours() {
        Instant at = Instant.parse("2025-03-30T12:00:00Z");
        assertThat(Duration.between(BudgetPeriod.DAY.start(at, PARIS), BudgetPeriod.DAY.end(at, PARIS)))
                .isEqualTo(Duration.ofHours(23));
    }

    @Test
    void forecast_projectsBurnRateToPeriodEnd() {
        // June has 30 days; $10 spent in the first 10 days projects to $30
        Forecast f = Forecast.monthEnd(new BigDecimal("10"), ZoneOffset.UTC, Instant.parse("2025-06-11T00:00:00Z"));
        assertThat(f.projectedUsd()).isEqualByComparingTo("30");
        assertThat(f.projectedUsd().scale()).isEqualTo(Forecast.SCALE);
        assertThat(f.periodEnd()).isEqualTo(Instant.parse("2025-07-01T00:00:00Z"));
        // a third of the way through: 7 dollars -> 21
        Forecast third = Forecast.linear(new BigDecimal("7"), Instant.parse("2025-06-01T00:00:00Z"),
                Instant.parse("2025-07-01T00:00:00Z"), Instant.parse("2025-06-11T00:00:00Z"));
        assertThat(third.projectedUsd()).isEqualByComparingTo("21");
        // a period that is over projects its actual spend
        assertThat(Forecast.monthEnd(BigDecimal.ONE, ZoneOffset.UTC, Instant.parse("2025-06-30T23:59:59.999Z"))
                .projectedUsd()).isEqualByComparingTo("1.000000");
    }

    @Test
    void builder_badInput_isRejectedNamingTheBudgetTheFieldAndTheValue() {
        assertThatThrownBy(() -> Budget.builder(" ")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("budget name must not be blank");
        assertThatThrownBy(() -> Budget.builder("chat").limitUsd(BigDecimal.ZERO))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("budget 'chat': limitUsd must be > 0, was 0");
        assertThatThrownBy(() -> Budget.builder("chat").limitUsd("-1")).hasMessage("budget 'chat': limitUsd must be > 0, was -1");
        assertThatThrownBy(() -> Budget.builder("chat").limitUsd("ten"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("budget 'chat': limitUsd must be a decimal number of dollars, was 'ten'");
        assertThatThrownBy(() -> Budget.builder("chat").thresholdsPercent())
                .hasMessage("budget 'chat': give at least one threshold");
        assertThatThrownBy(() -> Budget.builder("chat").thresholdsPercent(0))
                .hasMessage("budget 'chat': thresholds must be 1..1000 percent, was 0");
        assertThatThrownBy(() -> Budget.builder("chat").thresholdsPercent(50, 1001))
                .hasMessage("budget 'chat': thresholds must be 1..1000 percent, was 1001");
        assertThatThrownBy(() -> Budget.builder("chat").build()).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("budget 'chat': limitUsd is required");
    }

    @Test
    void builder_boundaryValues_areAccepted_andThresholdsDefaultTo50_80_100() {
        assertThat(Budget.builder("b").limitUsd("5").build().thresholdsPercent()).containsExactly(50, 80, 100);
        assertThat(Budget.builder("b").limitUsd("0.000001").thresholdsPercent(1000, 1).build().thresholdsPercent())
                .containsExactly(1, 1000);
    }
}

package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.budget.Budget;
import dev.llmlab.core.budget.BudgetAlert;
import dev.llmlab.core.budget.BudgetExceededException;
import dev.llmlab.core.budget.BudgetPeriod;
import dev.llmlab.core.budget.Forecast;
import dev.llmlab.core.budget.MutableClock;
import dev.llmlab.core.tracking.CallOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LlmLabBudgetTest {
    /** 250,000 uncached input tokens of acme-1 at $1.00 per million: exactly $0.25. */
    private static final String QUARTER_DOLLAR = Fixtures.body("acme-1", 250_000, 0, 0);

    @Test
    void hardBudget_concurrentCalls_refusesTheCallsThatWouldRunOver_beforeTheyAreMade() throws Exception {
        List<BudgetAlert> alerts = Collections.synchronizedList(new ArrayList<>());
        LlmLab lab = Fixtures.lab()
                .budget(Budget.builder("monthly").monthly(ZoneOffset.UTC).limitUsd("1.00").hard().build())
                .budgetListener(alerts::add).build();
        CallOptions options = CallOptions.provider("acme").estimatedMaxCostUsd(new BigDecimal("0.30"));
        int callers = 16;
        AtomicInteger made = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            futures.add(pool.submit(() -> {
                try {
                    lab.track(options, () -> {
                        made.incrementAndGet();
                        release.await(); // every admitted call is in flight at once
                        return QUARTER_DOLLAR;
                    });
                } catch (BudgetExceededException e) {
                    refused.incrementAndGet();
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (made.get() + refused.get() < callers && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // Three estimates of $0.30 fit under $1.00; a fourth would make $1.20.
        assertThat(made.get()).isEqualTo(3);
        assertThat(refused.get()).isEqualTo(callers - 3);
        release.countDown();
        for (Future<?> f : futures) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(lab.budgets().get(0).spentUsd()).isEqualByComparingTo("0.75");
        assertThat(lab.budgets().get(0).reservedUsd()).isEqualByComparingTo("0");

        // $0.75 spent: a call declaring $0.30 would run over and is refused, its call never made
        AtomicInteger invoked = new AtomicInteger();
        assertThatThrownBy(() -> lab.track(options, () -> {
            invoked.incrementAndGet();
            return QUARTER_DOLLAR;
        })).isInstanceOf(BudgetExceededException.class).hasMessageContaining("monthly");
        // one declaring $0.25 fits exactly
        lab.track(CallOptions.provider("acme").estimatedMaxCostUsd(new BigDecimal("0.25")), () -> QUARTER_DOLLAR);
        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(lab.budgets().get(0).spentUsd()).isEqualByComparingTo("1.00");
        // the limit is reached: even a call declaring nothing is refused
        assertThatThrownBy(() -> lab.track("acme", () -> {
            invoked.incrementAndGet();
            return QUARTER_DOLLAR;
        })).isInstanceOf(BudgetExceededException.class);
        assertThat(invoked.get()).isZero();
        lab.close();

        assertThat(alerts).extracting(BudgetAlert::thresholdPercent).containsExactly(50, 80, 100);
        assertThat(lab.spend().total().costUsd()).isEqualByComparingTo("1.00");
    }

    @Test
    void hardBudget_scopedByTag_leavesOtherCallsAlone() throws Exception {
        LlmLab lab = Fixtures.lab()
                .budget(Budget.builder("chat").limitUsd("0.25").hard().tag("feature", "chat").build()).build();
        CallOptions chat = CallOptions.provider("acme").tag("feature", "chat");
        lab.track(chat, () -> QUARTER_DOLLAR);
        lab.flush(Duration.ofSeconds(10));

        assertThatThrownBy(() -> lab.track(chat, () -> QUARTER_DOLLAR)).isInstanceOf(BudgetExceededException.class);
        assertThat(lab.track(CallOptions.provider("acme").tag("feature", "search"), () -> QUARTER_DOLLAR))
                .isSameAs(QUARTER_DOLLAR);
        lab.close();
    }

    @Test
    void hardBudget_streamedCall_isCheckedBeforeTheStreamStarts() throws Exception {
        LlmLab lab = Fixtures.lab().budget(Budget.builder("b").limitUsd("0.25").hard().build()).build();
        lab.record(dev.llmlab.spi.Usage.builder("acme", "acme-1").inputTokens(250_000).build());
        lab.flush(Duration.ofSeconds(10));

        assertThatThrownBy(() -> lab.trackStream(CallOptions.provider("acme"))).isInstanceOf(BudgetExceededException.class);
        lab.close();
    }

    @Test
    void monthEndForecast_andPeriodSpend_fromTheInMemoryAggregate() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-06-01T00:00:00Z"));
        LlmLab lab = Fixtures.lab().clock(clock).build();
        for (int day = 0; day < 10; day++) {
            lab.track("acme", () -> Fixtures.body("acme-1", 1_000_000, 0, 0)); // $1.00 a day
            clock.advance(Duration.ofDays(1));
        }
        lab.flush(Duration.ofSeconds(10));

        Forecast f = lab.monthEndForecast(); // June 11th 00:00: $10 in 10 of 30 days
        assertThat(f.spentUsd()).isEqualByComparingTo("10");
        assertThat(f.projectedUsd()).isEqualByComparingTo("30");
        assertThat(lab.spend().period(BudgetPeriod.DAY, Instant.parse("2025-06-05T12:00:00Z")).costUsd())
                .isEqualByComparingTo("1");
        assertThat(lab.spend().period(BudgetPeriod.WEEK, Instant.parse("2025-06-04T12:00:00Z")).costUsd())
                .isEqualByComparingTo("7"); // Monday June 2nd to Sunday June 8th
        assertThat(lab.spend().daily(java.time.LocalDate.of(2025, 6, 1), java.time.LocalDate.of(2025, 7, 1)))
                .hasSize(10);
        assertThat(lab.spend().byModel(java.time.LocalDate.of(2025, 6, 1), java.time.LocalDate.of(2025, 7, 1)))
                .containsOnlyKeys("acme/acme-1");
        lab.close();
    }
}

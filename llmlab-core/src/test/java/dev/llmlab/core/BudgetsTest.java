package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.budget.Budget;
import dev.llmlab.core.budget.BudgetAlert;
import dev.llmlab.core.budget.BudgetExceededException;
import dev.llmlab.core.budget.BudgetPeriod;
import dev.llmlab.core.budget.BudgetStatus;
import dev.llmlab.spi.LlmLabException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetsTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant T0 = Instant.parse("2025-06-10T12:00:00Z");

    @Test
    void soft_listenerCalledOncePerThreshold_underConcurrency() throws Exception {
        List<BudgetAlert> alerts = Collections.synchronizedList(new ArrayList<>());
        Budget budget = Budget.builder("team").monthly(ZoneOffset.UTC).limitUsd("50").build();
        Budgets budgets = Budgets.of(List.of(budget), alerts::add);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 1000; i++) { // 8 × 1000 × $0.01 = $80: every threshold crossed
                    budgets.settle(Reservation.NONE, Map.of(), new BigDecimal("0.01"), false, T0);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(alerts).extracting(BudgetAlert::thresholdPercent).containsExactly(50, 80, 100);
        assertThat(alerts.get(0).spentUsd()).isEqualByComparingTo("25.00");
        assertThat(alerts.get(1).spentUsd()).isEqualByComparingTo("40.00");
        assertThat(alerts.get(2).spentUsd()).isEqualByComparingTo("50.00");
        BudgetStatus status = budgets.status(T0).get(0);
        assertThat(status.spentUsd()).isEqualByComparingTo("80.00");
        assertThat(status.thresholdsReached()).containsExactly(50, 80, 100);
        assertThat(status.exhausted()).isTrue();
    }

    @Test
    void soft_newPeriod_resetsSpendAndAlertsAgain() {
        List<BudgetAlert> alerts = new ArrayList<>();
        Budget budget = Budget.builder("daily").daily(PARIS).limitUsd("1").thresholdsPercent(100).build();
        Budgets budgets = Budgets.of(List.of(budget), alerts::add);

        budgets.settle(Reservation.NONE, Map.of(), new BigDecimal("1.5"), false, T0);
        budgets.settle(Reservation.NONE, Map.of(), new BigDecimal("1.5"), false, T0.plusSeconds(60));
        Instant nextDay = T0.plus(Duration.ofDays(1));
        budgets.settle(Reservation.NONE, Map.of(), new BigDecimal("0.5"), false, nextDay);
        assertThat(alerts).hasSize(1);
        budgets.settle(Reservation.NONE, Map.of(), new BigDecimal("0.5"), false, nextDay);

        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).periodStart()).isEqualTo(BudgetPeriod.DAY.start(nextDay, PARIS));
        assertThat(budgets.status(nextDay).get(0).spentUsd()).isEqualByComparingTo("1.0");
    }

    @Test
    void soft_eventOfAClosedPeriod_doesNotCountInTheNewOne() {
        Budget budget = Budget.builder("daily").daily(ZoneOffset.UTC).limitUsd("10").build();
        Budgets budgets = Budgets.of(List.of(budget), null);
        budgets.settle(Reservation.NONE, Map.of(), BigDecimal.ONE, false, T0.plus(Duration.ofDays(1)));

        budgets.settle(Reservation.NONE, Map.of(), BigDecimal.TEN, false, T0); // a late event of yesterday

        assertThat(budgets.status(T0.plus(Duration.ofDays(1))).get(0).spentUsd()).isEqualByComparingTo("1");
    }

    @Test
    void listenerThatThrows_isContained_andLaterThresholdsStillFire() {
        List<Integer> seen = new ArrayList<>();
        Budget budget = Budget.builder("b").limitUsd("1").build();
        Budgets budgets = Budgets.of(List.of(budget), alert -> {
            seen.add(alert.thresholdPercent());
            throw new IllegalStateException("listener bug");
        });

        budgets.settle(Reservation.NONE, Map.of(), new BigDecimal("0.6"), false, T0);
        budgets.settle(Reservation.NONE, Map.of(), new BigDecimal("0.6"), false, T0);

        assertThat(seen).containsExactly(50, 80, 100);
    }

    @Test
    void scope_onlyEventsWithAllTheTagsCount() {
        Budget budget = Budget.builder("chat").limitUsd("10").tag("feature", "chat").tag("env", "prod").build();
        Budgets budgets = Budgets.of(List.of(budget), null);

        budgets.settle(Reservation.NONE, Map.of("feature", "chat", "env", "prod", "user", "u"), BigDecimal.ONE, false, T0);
        budgets.settle(Reservation.NONE, Map.of("feature", "chat"), BigDecimal.ONE, false, T0);
        budgets.settle(Reservation.NONE, Map.of(), BigDecimal.ONE, false, T0);

        assertThat(budgets.status(T0).get(0).spentUsd()).isEqualByComparingTo("1");
    }

    @Test
    void hard_reservationsOfConcurrentCalls_neverJointlyExceedTheLimit() throws Exception {
        Budget budget = Budget.builder("hard").limitUsd("1.00").hard().build();
        Budgets budgets = Budgets.of(List.of(budget), null);
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 100; i++) {
                    try {
                        budgets.reserve(Map.of(), new BigDecimal("0.03"), T0);
                        granted.incrementAndGet();
                    } catch (BudgetExceededException e) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(granted.get()).isEqualTo(33); // 33 × 0.03 = 0.99; a 34th would be 1.02
        assertThat(refused.get()).isEqualTo(800 - 33);
        assertThat(budgets.status(T0).get(0).reservedUsd()).isEqualByComparingTo("0.99");
    }

    @Test
    void hard_settle_replacesEstimateWithRealCost_andReleasesOnce() {
        Budget budget = Budget.builder("hard").limitUsd("1.00").hard().build();
        Budgets budgets = Budgets.of(List.of(budget), null);
        Reservation r = budgets.reserve(Map.of(), new BigDecimal("0.60"), T0);
        assertThatThrownBy(() -> budgets.reserve(Map.of(), new BigDecimal("0.50"), T0))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("'hard'").hasMessageContaining("0.60").hasMessageContaining("1.00");

        budgets.settle(r, Map.of(), new BigDecimal("0.20"), false, T0);
        budgets.settle(r, Map.of(), new BigDecimal("0.20"), false, T0); // settling twice releases once

        BudgetStatus s = budgets.status(T0).get(0);
        assertThat(s.reservedUsd()).isEqualByComparingTo("0");
        assertThat(s.spentUsd()).isEqualByComparingTo("0.40");
        assertThat(budgets.reserve(Map.of(), new BigDecimal("0.60"), T0)).isNotNull();
    }

    @Test
    void hard_spendReachedLimit_refusesEvenCallsWithoutEstimate() {
        Budget budget = Budget.builder("hard").limitUsd("1").hard().build();
        Budgets budgets = Budgets.of(List.of(budget), null);
        budgets.reserve(Map.of(), null, T0);
        budgets.settle(Reservation.NONE, Map.of(), new BigDecimal("1.00"), false, T0);

        assertThatThrownBy(() -> budgets.reserve(Map.of(), null, T0)).isInstanceOf(BudgetExceededException.class)
                .isInstanceOf(LlmLabException.class);
        assertThat(budgets.reserve(Map.of(), null, T0.plus(Duration.ofDays(31)))).isNotNull(); // next month
    }

    @Test
    void hard_refusalInOneBudget_releasesTheOthers() {
        Budget wide = Budget.builder("wide").limitUsd("10").hard().build();
        Budget narrow = Budget.builder("narrow").limitUsd("0.10").hard().tag("feature", "chat").build();
        Budgets budgets = Budgets.of(List.of(wide, narrow), null);

        assertThatThrownBy(() -> budgets.reserve(Map.of("feature", "chat"), new BigDecimal("0.50"), T0))
                .isInstanceOf(BudgetExceededException.class).hasMessageContaining("narrow");

        assertThat(budgets.status(T0).get(0).reservedUsd()).isEqualByComparingTo("0");
    }

    @Test
    void unpricedEvent_countsItsEstimate_failedCallCountsNothing() {
        Budget budget = Budget.builder("hard").limitUsd("1").hard().build();
        Budgets budgets = Budgets.of(List.of(budget), null);
        Reservation unpriced = budgets.reserve(Map.of(), new BigDecimal("0.30"), T0);
        Reservation failed = budgets.reserve(Map.of(), new BigDecimal("0.30"), T0);

        budgets.settle(unpriced, Map.of(), null, true, T0);
        budgets.settle(failed, Map.of(), null, false, T0);

        assertThat(budgets.status(T0).get(0).spentUsd()).isEqualByComparingTo("0.30");
        assertThat(budgets.status(T0).get(0).reservedUsd()).isEqualByComparingTo("0");
    }
}

package dev.llmlab.core;

import dev.llmlab.core.budget.Budget;
import dev.llmlab.core.budget.BudgetAlert;
import dev.llmlab.core.budget.BudgetExceededException;
import dev.llmlab.core.budget.BudgetListener;
import dev.llmlab.core.budget.BudgetMode;
import dev.llmlab.core.budget.BudgetStatus;
import dev.llmlab.core.internal.Checks;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The budgets of one tracker and their running spend: the engine behind {@link LlmLab}'s budget
 * enforcement, internal to the tracker. Thread-safe.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Spend is added when an event is priced, to the period its timestamp (the call's start)
 *       falls in; an event arriving after its period closed is not counted in the new one.</li>
 *   <li>Hard mode: before a call, {@link #reserve} checks every hard budget whose scope matches
 *       the call's tags. The call is refused when the period's spend plus what calls in flight
 *       reserved has reached the limit, or when adding the call's declared estimated maximum cost
 *       would exceed it. Otherwise the estimate is reserved atomically, so N concurrent calls that
 *       declare their maximum can never jointly overshoot. After the call, {@link #settle}
 *       releases the estimate and adds the real cost. A call that declares no estimate reserves
 *       nothing: concurrent such calls may each start while the limit is not yet reached, so the
 *       overshoot is bounded by the cost of the calls already in flight.</li>
 *   <li>An unpriced event (unknown model) counts its declared estimate, if any, as spend: the
 *       conservative choice; a failed call without usage counts nothing.</li>
 *   <li>Thresholds: the listener is called exactly once per threshold per budget period, also
 *       under concurrency (the crossing is decided under the budget's lock), after the lock is
 *       released, on the thread that settles the event (the tracker's worker).</li>
 *   <li>A reservation held across several hard budgets is all or nothing: when one refuses, the
 *       room already reserved in the others is released before the exception is thrown.</li>
 * </ul>
 */
final class Budgets {
    private static final System.Logger LOG = System.getLogger(Budgets.class.getName());

    private final BudgetState[] states;
    private final BudgetListener listener;
    private final boolean anyHard;

    private Budgets(Collection<Budget> budgets, BudgetListener listener) {
        List<BudgetState> list = new ArrayList<>();
        boolean hard = false;
        for (Budget b : budgets) {
            list.add(new BudgetState(Objects.requireNonNull(b, "budget")));
            hard |= b.mode() == BudgetMode.HARD;
        }
        this.states = list.toArray(new BudgetState[0]);
        this.listener = listener;
        this.anyHard = hard;
    }

    /**
     * @param budgets the budget rules; not null, may be empty
     * @param listener told when thresholds are crossed; null for none
     * @return the budgets' running state
     */
    static Budgets of(Collection<Budget> budgets, BudgetListener listener) {
        return new Budgets(budgets, listener);
    }

    /** @return true when there are no budgets */
    boolean isEmpty() {
        return states.length == 0;
    }

    /** @return true when at least one budget is hard */
    boolean hasHardBudget() {
        return anyHard;
    }

    /**
     * Reserves room for a call in every hard budget in its scope, before the call is made.
     *
     * @param tags the call's tags; not null
     * @param estimateUsd the call's estimated maximum cost, or null when not declared
     * @param now the current instant; not null
     * @return the reservation to settle after the call
     * @throws BudgetExceededException when a hard budget has no room for the call
     */
    Reservation reserve(Map<String, String> tags, BigDecimal estimateUsd, Instant now) {
        if (!anyHard) {
            return Reservation.NONE;
        }
        BigDecimal estimate = estimateUsd == null ? BigDecimal.ZERO
                : Checks.notNegative("estimated maximum cost", estimateUsd);
        long nowMs = now.toEpochMilli();
        List<BudgetState> held = new ArrayList<>(2);
        for (BudgetState s : states) {
            if (s.budget.mode() != BudgetMode.HARD || !s.budget.appliesTo(tags)) {
                continue;
            }
            BudgetExceededException refused = s.tryReserve(estimate, nowMs);
            if (refused != null) {
                for (BudgetState h : held) {
                    h.release(estimate);
                }
                throw refused;
            }
            held.add(s);
        }
        return held.isEmpty() ? Reservation.NONE : new Reservation(held.toArray(new BudgetState[0]), estimate);
    }

    /**
     * Releases a call's reservation and adds its cost to every budget in scope, then tells the
     * listener of the thresholds crossed. Settling a reservation twice releases it once.
     *
     * @param reservation the call's reservation, {@link Reservation#NONE} when none; not null
     * @param tags the call's tags; not null
     * @param costUsd the call's exact cost; null when the call is unpriced or has no usage
     * @param unpriced true when the call has usage that could not be priced (counts the estimate)
     * @param at the call's timestamp; not null
     */
    void settle(Reservation reservation, Map<String, String> tags, BigDecimal costUsd, boolean unpriced,
            Instant at) {
        boolean release = reservation != Reservation.NONE && reservation.markSettled();
        if (release) {
            for (BudgetState s : reservation.states) {
                s.release(reservation.estimateUsd);
            }
        }
        BigDecimal charge = costUsd != null ? costUsd
                : unpriced && reservation != Reservation.NONE ? reservation.estimateUsd : null;
        if (charge == null || states.length == 0) {
            return;
        }
        long ms = at.toEpochMilli();
        List<BudgetAlert> alerts = null;
        for (BudgetState s : states) {
            if (s.budget.appliesTo(tags)) {
                List<BudgetAlert> crossed = s.add(charge, ms);
                if (!crossed.isEmpty()) {
                    if (alerts == null) {
                        alerts = new ArrayList<>();
                    }
                    alerts.addAll(crossed);
                }
            }
        }
        if (alerts != null && listener != null) {
            for (BudgetAlert a : alerts) {
                try {
                    listener.onThreshold(a);
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(System.Logger.Level.WARNING, "budget listener failed on " + a, e);
                }
            }
        }
    }

    /**
     * @param now the current instant; not null
     * @return each budget's state in the period containing {@code now}, in declaration order
     */
    List<BudgetStatus> status(Instant now) {
        List<BudgetStatus> out = new ArrayList<>(states.length);
        for (BudgetState s : states) {
            out.add(s.status(now.toEpochMilli()));
        }
        return out;
    }
}

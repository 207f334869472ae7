/**
 * Budget rules and what they report: a {@link dev.llmlab.core.budget.Budget} (limit, period, time
 * zone, scope, thresholds, soft or hard), the {@link dev.llmlab.core.budget.BudgetAlert} a
 * {@link dev.llmlab.core.budget.BudgetListener} receives at a threshold, each budget's
 * {@link dev.llmlab.core.budget.BudgetStatus} and {@link dev.llmlab.core.budget.Forecast}, and
 * the {@link dev.llmlab.core.budget.BudgetExceededException} a hard budget refuses a call with.
 * The tracker enforces them (see {@code LlmLab.Builder.budget}); the engine that does so is
 * internal to it.
 */
package dev.llmlab.core.budget;

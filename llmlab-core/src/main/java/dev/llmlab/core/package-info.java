/**
 * The tracker: {@link dev.llmlab.core.LlmLab}, built once per application with
 * {@link dev.llmlab.core.LlmLab#builder()}, wraps LLM calls ({@code track}, {@code trackStream},
 * {@code trackLines}, {@code record}, {@code wrap}), prices them and delivers the events to sinks
 * on one background thread, with in-process budgets.
 *
 * <p>{@code LlmLab} and its {@code Builder} are the package's only public types. The rest (the
 * lock-free event queue, the worker, per-sink retry channels, stream handles, the proxy behind
 * {@code wrap}, and the budget engine that reserves and settles hard-budget room) is
 * package-private: its behaviour is documented on {@code LlmLab} and in {@code docs/tracker.md}.
 */
package dev.llmlab.core;

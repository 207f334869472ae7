/**
 * Internal to {@code llmlab-core}: not exported by its module descriptor, and not part of
 * LLMlab's API on the class path either; anything here may change in any release. It holds what
 * several packages of the core share: {@link dev.llmlab.core.internal.Checks}, the argument checks
 * of every builder.
 */
package dev.llmlab.core.internal;

/**
 * Internal to {@code llmlab-core}: a small strict JSON reader and writer, so that the core needs no
 * third-party library. Not exported by the module descriptor and not part of LLMlab's API on the
 * class path either; it may change in any release.
 */
package dev.llmlab.core.internal.json;

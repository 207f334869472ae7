/**
 * Provider discovery and guarded parsing: {@link dev.llmlab.core.providers.ProviderRegistry} finds
 * the {@code ProviderAdapter}s on the class path or module path (deterministically, sorted by
 * provider name), detects which provider a body comes from, and turns any adapter failure into a
 * {@code UsageParseException}.
 */
package dev.llmlab.core.providers;

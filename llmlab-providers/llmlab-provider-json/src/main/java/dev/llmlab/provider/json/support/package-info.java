/**
 * The scaffolding LLMlab's four provider adapters share, exported to them alone: the wording of
 * a reader's errors ({@link dev.llmlab.provider.json.support.ReaderMessages}), absent and
 * required counts ({@link dev.llmlab.provider.json.support.Counts}), blank bodies
 * ({@link dev.llmlab.provider.json.support.Bodies}). Not an API: it changes with the adapters.
 */
package dev.llmlab.provider.json.support;

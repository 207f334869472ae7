/**
 * The scaffolding LLMlab's four provider adapters share, exported to them alone: the wording of
 * a reader's errors ({@link dev.llmlab.provider.json.support.ReaderMessages}), absent and
 * required counts ({@link dev.llmlab.provider.json.support.Counts}), recognising a body or stream
 * ({@link dev.llmlab.provider.json.support.Recognizer}), and the response objects
 * {@code usageOf} reads ({@link dev.llmlab.provider.json.support.ResponseObjects}), an optional
 * SDK's among them ({@link dev.llmlab.provider.json.support.OptionalSdk}). Not an API: it changes
 * with the adapters.
 */
package dev.llmlab.provider.json.support;

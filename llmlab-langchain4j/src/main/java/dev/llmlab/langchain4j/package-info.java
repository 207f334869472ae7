/**
 * LLMlab for LangChain4j: {@link dev.llmlab.langchain4j.LlmLabChatModelListener} records every
 * chat call of a LangChain4j model with an {@code LlmLab} tracker, and
 * {@link dev.llmlab.langchain4j.LangChain4jUsage} maps LangChain4j's token usage (with its
 * provider-specific cached, cache-write and reasoning tokens) onto LLMlab's {@code Usage}.
 *
 * <h2>Why this jar has no module descriptor</h2>
 * LangChain4j's jars (1.8.0: {@code langchain4j-core}, {@code langchain4j-open-ai},
 * {@code langchain4j-anthropic}) declare no module name: no {@code module-info} and no
 * {@code Automatic-Module-Name} in their manifests. A descriptor here would have to require them
 * by the names the JDK derives from their file names ({@code langchain4j.core}), which change when
 * a build renames the jars and would not match the names LangChain4j gives its modules once it
 * declares them; Maven itself warns against publishing a descriptor that requires such names.
 * So this jar is an automatic module with a stable name, {@code dev.llmlab.langchain4j} (the
 * {@code Automatic-Module-Name} of its manifest): on the module path it reads every module, and
 * its one package is exported. It gets a descriptor when LangChain4j's jars have module names.
 */
package dev.llmlab.langchain4j;

/**
 * What the tests of LLMlab's provider jars share: {@link dev.llmlab.provider.testing.GoldenFiles},
 * {@link dev.llmlab.provider.testing.FastPathAssertions},
 * {@link dev.llmlab.provider.testing.LoopbackServer} and
 * {@link dev.llmlab.provider.testing.UsageAssertions}. Used in test scope only.
 */
module dev.llmlab.provider.testing {
    requires transitive dev.llmlab.spi;
    requires com.fasterxml.jackson.databind;
    requires jdk.httpserver;
    requires org.assertj.core;

    exports dev.llmlab.provider.testing;
}

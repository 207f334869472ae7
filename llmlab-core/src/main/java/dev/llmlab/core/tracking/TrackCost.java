package dev.llmlab.core.tracking;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method (or every method of an interface) as an LLM call whose cost a proxy
 * made by {@code LlmLab.wrap(Class, Object)} tracks. The method's return value is read for usage
 * like {@code track}'s result: a response body ({@code String}/{@code byte[]}), a
 * {@code java.net.http.HttpResponse}, a {@link dev.llmlab.spi.Usage}, or an object the provider's
 * adapter knows. A method annotation overrides the interface's.
 *
 * <pre>{@code
 * interface Assistant {
 *     @TrackCost(provider = "openai", tags = {"feature=chat"})
 *     String chat(String requestJson) throws IOException;
 * }
 * Assistant tracked = lab.wrap(Assistant.class, new HttpAssistant());
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface TrackCost {
    /** @return the provider name or alias; empty to detect it from the body */
    String provider() default "";

    /** @return a model name to record instead of the response's; empty for the response's */
    String model() default "";

    /** @return tags as {@code key=value} strings */
    String[] tags() default {};

    /** @return the estimated maximum cost in USD as a decimal string, for hard budgets; empty for none */
    String estimatedMaxCostUsd() default "";
}

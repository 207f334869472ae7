package dev.llmlab.core.usage;

import java.util.Map;

/**
 * Where {@link UsageRecords} writes a record's members: a JSON text, a JSON tree, a streaming
 * generator. The codec decides the names, their order, and which members are left out (an unknown
 * {@code reasoning_tokens}, audio counts of zero); an implementation only renders the values, so
 * every output of LLMlab names and formats the usage fields the same way.
 *
 * <h2>Specification for implementors</h2>
 * <ul>
 *   <li>Members arrive in the order they are to appear, each name once. Names are field names of
 *       the usage vocabulary ({@link UsageRecords#INPUT_TOKENS}…) or the caller's own: lower-case
 *       ASCII letters, digits and underscores, which need no escaping.</li>
 *   <li>A whole number is written as its plain decimal digits ({@code 1200}), never with a fraction
 *       or an exponent.</li>
 *   <li>A writer is used by one thread; it need not be thread-safe.</li>
 * </ul>
 */
public interface JsonObjectWriter {
    /**
     * @param name the member's name
     * @param value its text, or null for JSON {@code null}
     */
    void string(String name, String value);

    /**
     * @param name the member's name
     * @param value a whole number
     */
    void number(String name, long value);

    /** @param name a member whose value is JSON {@code null} */
    void nullValue(String name);

    /**
     * @param name the member's name
     * @param values an object of string values, written in the map's order; not null
     */
    void strings(String name, Map<String, String> values);
}

package dev.llmlab.spi;

/**
 * The one unchecked base exception of LLMlab: thrown, itself or as a subclass, when LLMlab cannot
 * do its work with the data it measures and prices or with what it finds at run time. Catch it
 * to guard against those failures alone.
 *
 * <table>
 *   <caption>What LLMlab reports as an {@code LlmLabException}</caption>
 *   <tr><th>exception</th><th>when</th></tr>
 *   <tr><td>{@link UsageParseException}</td><td>no usage can be read from a provider's response: a
 *       malformed body, an error body, a body without usage, an unknown provider, or an adapter
 *       that failed (its exception is contained and becomes the cause)</td></tr>
 *   <tr><td>{@link InvalidUsageException}</td><td>usage counts are impossible: negative, or a subset
 *       larger than its whole</td></tr>
 *   <tr><td>{@code UsageRecordException}</td><td>a JSON usage record (a line of {@code llmlab cost},
 *       of the tracker's JSON lines) is malformed or a field is missing, of the wrong type or out
 *       of range; it names the field</td></tr>
 *   <tr><td>{@code PriceFileException}</td><td>a price file or a provider's price list is malformed, a
 *       price file cannot be read, or two models claim one name</td></tr>
 *   <tr><td>{@code UnknownModelException}</td><td>the cost of an unpriced result is asked for
 *       ({@code CostResult.cost()}, {@code LlmLab.estimateMaxCostUsd})</td></tr>
 *   <tr><td>{@code DuplicateProviderException}</td><td>two provider adapters claim one provider name
 *       or alias</td></tr>
 *   <tr><td>{@code BudgetExceededException}</td><td>a hard budget has no room for a call, before the
 *       call is made</td></tr>
 *   <tr><td>{@code LlmLabException} itself</td><td>a file, directory or price list LLMlab needs cannot
 *       be opened or read: a JSON-lines sink's file, an HTTP sink's spool directory (also when
 *       another sink holds it), a provider adapter's price list; the I/O failure is the cause
 *       where there is one</td></tr>
 * </table>
 *
 * <p>A mistake in calling the Java API is not an {@code LlmLabException}; it gets the JDK's
 * exception, named in the method's Javadoc: {@link NullPointerException} for a null argument that
 * must not be null, {@link IllegalArgumentException} for an argument or a builder setting outside
 * its documented range or form (it names the setting and the value), {@link IllegalStateException}
 * for {@code build()} without a required setting, {@link java.util.NoSuchElementException} for a
 * value that is absent (the current price of an unpriced model).
 *
 * <p>The tracker ({@code LlmLab}) adds one rule: a tracked call's own exception reaches its caller
 * unchanged, and a failure inside LLMlab after the call (an adapter, pricing, a sink, a budget
 * listener) never reaches the caller; it is counted and logged. {@code llmlab-server} extends this
 * class for its own errors.
 */
public class LlmLabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the field and value at fault where there is one
     */
    public LlmLabException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public LlmLabException(String message, Throwable cause) {
        super(message, cause);
    }
}

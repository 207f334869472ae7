package dev.llmlab.core.tracking;

/**
 * An LLM call to track: like {@link java.util.concurrent.Callable}, but it may throw any one
 * exception type, so that a call throwing only unchecked exceptions needs no {@code throws}
 * clause, and the call's own checked exception reaches the caller unchanged.
 *
 * @param <T> the call's result
 * @param <E> what the call may throw
 */
@FunctionalInterface
public interface TrackedCall<T, E extends Throwable> {
    /**
     * Makes the call.
     *
     * @return its result, passed back to the caller as is
     * @throws E the call's own failure, passed back to the caller as is
     */
    T call() throws E;
}

package dev.llmlab.core;

import dev.llmlab.core.tracking.CallOptions;
import java.util.concurrent.CountDownLatch;

/** What the caller's thread captures about a call; the worker turns it into a TrackedEvent. */
final class PendingCall {
    final CallOptions options;
    /** The call's result or usage source: a body, a Usage, an SDK object; null when the call failed. */
    final Object source;
    final Throwable error;
    final long startMillis;
    final long durationNanos;
    final Reservation reservation;
    /** Why the call has no usage (a stream that ended without a usage event); null otherwise. */
    final String noUsageReason;
    /** Non-null for a flush marker, which carries no call. */
    final CountDownLatch flushed;

    PendingCall(CallOptions options, Object source, Throwable error, long startMillis, long durationNanos,
            Reservation reservation, String noUsageReason) {
        this.options = options;
        this.source = source;
        this.error = error;
        this.startMillis = startMillis;
        this.durationNanos = durationNanos;
        this.reservation = reservation;
        this.noUsageReason = noUsageReason;
        this.flushed = null;
    }

    PendingCall(CountDownLatch flushed) {
        this.options = null;
        this.source = null;
        this.error = null;
        this.startMillis = 0;
        this.durationNanos = 0;
        this.reservation = null;
        this.noUsageReason = null;
        this.flushed = flushed;
    }

    /** A usage source whose extraction threw on the caller's thread. */
    static final class SourceFailure {
        final RuntimeException failure;

        SourceFailure(RuntimeException failure) {
            this.failure = failure;
        }
    }
}

package dev.llmlab.core;

import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.StreamTracker;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Retains the first and the last event of a stream that mention usage: OpenAI puts usage in its
 * last chunk ({@code "usage":null} before), Anthropic splits it between {@code message_start}
 * (input, model) and the last {@code message_delta} (output), Gemini repeats cumulative
 * {@code usageMetadata}, Cohere sends it in {@code message-end}. Everything else is passed over.
 */
final class StreamHandle implements StreamTracker {
    private static final int MAX_EVENT_CHARS = 512 * 1024;

    private final LlmLab lab;
    private final CallOptions options;
    private final Reservation reservation;
    private final long startMillis;
    private final long t0;
    private final AtomicBoolean done = new AtomicBoolean();
    private final StringBuilder current = new StringBuilder();
    private final StringBuilder partial = new StringBuilder();
    private boolean currentHasUsage;
    private String firstUsageEvent;
    private String lastUsageEvent;

    StreamHandle(LlmLab lab, CallOptions options, Reservation reservation, long startMillis, long t0) {
        this.lab = lab;
        this.options = options;
        this.reservation = reservation;
        this.startMillis = startMillis;
        this.t0 = t0;
    }

    @Override
    public void line(String line) {
        Objects.requireNonNull(line, "line");
        if (done.get()) {
            return;
        }
        try {
            if (line.isEmpty()) {
                endEvent();
                return;
            }
            if (current.length() + line.length() <= MAX_EVENT_CHARS) {
                current.append(line).append('\n');
            }
            if (!currentHasUsage && line.startsWith("data:")
                    && (carriesUsage(line, "\"usage\"") || carriesUsage(line, "\"usageMetadata\""))) {
                currentHasUsage = true;
            }
        } catch (RuntimeException e) {
            lab.internalErrors.increment();
        }
    }

    /** @return true when the line has the key with a value other than null ({@code "usage":null} is OpenAI's "not yet") */
    static boolean carriesUsage(String line, String key) {
        int from = 0;
        int at;
        while ((at = line.indexOf(key, from)) >= 0) {
            int i = at + key.length();
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ':' || line.charAt(i) == '\t')) {
                i++;
            }
            if (!line.startsWith("null", i)) {
                return true;
            }
            from = i;
        }
        return false;
    }

    @Override
    public void text(String text) {
        Objects.requireNonNull(text, "text");
        if (done.get()) {
            return;
        }
        int start = 0;
        int nl;
        while ((nl = text.indexOf('\n', start)) >= 0) {
            partial.append(text, start, nl);
            int len = partial.length();
            if (len > 0 && partial.charAt(len - 1) == '\r') {
                partial.setLength(len - 1);
            }
            String l = partial.toString();
            partial.setLength(0);
            line(l);
            start = nl + 1;
        }
        if (partial.length() + (text.length() - start) <= MAX_EVENT_CHARS) {
            partial.append(text, start, text.length());
        }
    }

    private void endEvent() {
        if (currentHasUsage) {
            String event = current.toString();
            if (firstUsageEvent == null) {
                firstUsageEvent = event;
            } else {
                lastUsageEvent = event;
            }
        }
        current.setLength(0);
        currentHasUsage = false;
    }

    private String transcript() {
        if (partial.length() > 0) {
            line(partial.toString());
            partial.setLength(0);
        }
        endEvent();
        if (firstUsageEvent == null) {
            return null;
        }
        return lastUsageEvent == null ? firstUsageEvent + "\n" : firstUsageEvent + "\n" + lastUsageEvent + "\n";
    }

    @Override
    public void complete() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        long duration = System.nanoTime() - t0;
        String transcript;
        try {
            transcript = transcript();
        } catch (RuntimeException e) {
            lab.internalErrors.increment();
            transcript = null;
        }
        lab.submit(new PendingCall(options, transcript, null, startMillis, duration, reservation,
                transcript == null ? noUsageReason() : null));
    }

    @Override
    public void fail(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        if (!done.compareAndSet(false, true)) {
            return;
        }
        long duration = System.nanoTime() - t0;
        String transcript;
        try {
            transcript = transcript();
        } catch (RuntimeException e) {
            transcript = null;
        }
        lab.submit(new PendingCall(options, transcript, failure, startMillis, duration, reservation, null));
    }

    private String noUsageReason() {
        return "the stream ended without reporting usage"
                + ("openai".equalsIgnoreCase(options.provider()) ? " (set stream_options.include_usage=true)" : "");
    }

    @Override
    public void close() {
        complete();
    }
}

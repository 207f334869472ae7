package dev.llmlab.spi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits a server-sent events transcript (a streamed LLM response as received) into the
 * {@code data:} payloads of its events, for adapters that read usage from streamed responses.
 * LLMlab's one implementation of the splitting rules: lines end with LF or CRLF, a blank line
 * ends an event, the transcript's end ends its last event, several {@code data:} lines of one
 * event are joined with LF, one space after the colon is dropped, other fields and comments are
 * ignored, and the {@code [DONE]} sentinel that OpenAI sends last is skipped (with any blanks
 * around it, as {@link String#strip()} sees blanks). Stateless; thread-safe.
 *
 * <p>{@link #forEachData} walks the events in place, as byte ranges of the body, so a long
 * stream is not copied into strings event by event; {@link #dataPayloads} gives the same data as
 * strings.
 *
 * <pre>{@code
 * int events = SseEvents.forEachData(body, (buf, off, len, n) -> {
 *     if (!SseEvents.isBlank(buf, off, len)) {
 *         read(buf, off, len); // e.g. a JSON parser over the event's bytes
 *     }
 * });
 * }</pre>
 */
public final class SseEvents {

    /** Receives one event's data. */
    @FunctionalInterface
    public interface DataSink {
        /**
         * @param buf the bytes holding the data: the body itself, or a copy for an event of
         *     several {@code data:} lines; not to be changed
         * @param off where the data starts
         * @param len its length
         * @param index the event's position among the events with data, from 1
         */
        void accept(byte[] buf, int off, int len, int index);
    }

    private SseEvents() {
    }

    /**
     * Tells whether a body is a server-sent events transcript rather than a JSON document.
     *
     * @param body the raw body; not null
     * @return true when the first non-blank line starts with an SSE field ({@code data:},
     *     {@code event:}, {@code id:}, {@code retry:}) or a comment ({@code :})
     */
    public static boolean isEventStream(byte[] body) {
        int i = 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
            i++;
        }
        if (i == body.length) {
            return false;
        }
        return body[i] == ':' || startsWith(body, i, "data:") || startsWith(body, i, "event:")
                || startsWith(body, i, "id:") || startsWith(body, i, "retry:");
    }

    private static boolean startsWith(byte[] body, int at, String prefix) {
        if (body.length - at < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (body[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the data of each event, in order, as strings.
     *
     * @param transcript the whole streamed body; not null
     * @return one string per event that carried data ({@code [DONE]} left out)
     */
    public static List<String> dataPayloads(String transcript) {
        List<String> out = new ArrayList<>();
        forEachData(transcript.getBytes(StandardCharsets.UTF_8),
                (buf, off, len, index) -> out.add(new String(buf, off, len, StandardCharsets.UTF_8)));
        return out;
    }

    /**
     * Calls the sink for the data of each event, in order.
     *
     * @param body the transcript, UTF-8; not null
     * @param sink receives each event's data; not null
     * @return how many events carried data ({@code [DONE]} not counted)
     */
    public static int forEachData(byte[] body, DataSink sink) {
        return forEachData(body, body.length, Integer.MAX_VALUE, sink);
    }

    /**
     * Calls the sink for the data of the first events of a transcript's first bytes, in order:
     * for a look at how a stream starts. An event cut by {@code length} ends there.
     *
     * @param body the transcript, UTF-8; not null
     * @param length how many bytes of it to read, at most {@code body.length}
     * @param maxEvents how many events with data to hand over at most
     * @param sink receives each event's data; not null
     * @return how many events were handed over
     * @throws IndexOutOfBoundsException when {@code length} is negative or beyond the body
     */
    public static int forEachData(byte[] body, int length, int maxEvents, DataSink sink) {
        Objects.checkFromToIndex(0, length, body.length);
        int count = 0;
        int dataOff = -1;
        int dataLen = 0;
        ByteArrayOutputStream joined = null; // only for events with several data lines
        int i = 0;
        while (i <= length && count < maxEvents) {
            int end = i;
            while (end < length && body[end] != '\n') {
                end++;
            }
            int lineEnd = end > i && body[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd == i) {
                if (joined != null) {
                    byte[] data = joined.toByteArray();
                    count = dispatch(data, 0, data.length, count, sink);
                } else if (dataOff >= 0) {
                    count = dispatch(body, dataOff, dataLen, count, sink);
                }
                dataOff = -1;
                joined = null;
            } else if (startsWithData(body, i, lineEnd)) {
                int v = i + 5;
                if (v < lineEnd && body[v] == ' ') {
                    v++;
                }
                if (dataOff < 0) {
                    dataOff = v;
                    dataLen = lineEnd - v;
                } else {
                    if (joined == null) {
                        joined = new ByteArrayOutputStream(dataLen * 2 + 16);
                        joined.write(body, dataOff, dataLen);
                    }
                    joined.write('\n');
                    joined.write(body, v, lineEnd - v);
                }
            }
            i = end + 1;
        }
        if (count == maxEvents) {
            return count;
        }
        // A transcript that ends without a blank line still ends its last event.
        if (joined != null) {
            byte[] data = joined.toByteArray();
            count = dispatch(data, 0, data.length, count, sink);
        } else if (dataOff >= 0) {
            count = dispatch(body, dataOff, dataLen, count, sink);
        }
        return count;
    }

    private static int dispatch(byte[] buf, int off, int len, int count, DataSink sink) {
        if (isDone(buf, off, len)) {
            return count;
        }
        sink.accept(buf, off, len, count + 1);
        return count + 1;
    }

    private static boolean startsWithData(byte[] b, int from, int to) {
        return to - from >= 5 && b[from] == 'd' && b[from + 1] == 'a' && b[from + 2] == 't' && b[from + 3] == 'a'
                && b[from + 4] == ':';
    }

    private static boolean isDone(byte[] b, int off, int len) {
        int s = off;
        int e = off + len;
        while (s < e && isAsciiBlank(b[s])) {
            s++;
        }
        while (e > s && isAsciiBlank(b[e - 1])) {
            e--;
        }
        if (e - s == 6) {
            return b[s] == '[' && b[s + 1] == 'D' && b[s + 2] == 'O' && b[s + 3] == 'N' && b[s + 4] == 'E'
                    && b[s + 5] == ']';
        }
        // blanks beyond ASCII (U+2003, U+3000...) around it: as String.strip() sees them
        return e - s > 6 && hasNonAscii(b, s, e) && new String(b, s, e - s, StandardCharsets.UTF_8).strip()
                .equals("[DONE]");
    }

    /**
     * Tells whether an event's data is blank (a keep-alive event, say), exactly as
     * {@link String#isBlank()} says of its text.
     *
     * @param b the bytes
     * @param off where the data starts
     * @param len its length
     * @return true when the data is empty or only white space
     */
    public static boolean isBlank(byte[] b, int off, int len) {
        for (int k = off; k < off + len; k++) {
            if (!isAsciiBlank(b[k])) {
                return b[k] < 0 && new String(b, off, len, StandardCharsets.UTF_8).isBlank();
            }
        }
        return true;
    }

    /** {@link Character#isWhitespace} below 0x80: space, \t, \n, U+000B, \f, \r and U+001C to U+001F. */
    private static boolean isAsciiBlank(byte c) {
        return c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1C && c <= 0x1F;
    }

    private static boolean hasNonAscii(byte[] b, int from, int to) {
        for (int k = from; k < to; k++) {
            if (b[k] < 0) {
                return true;
            }
        }
        return false;
    }
}

package dev.llmlab.provider.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Walks the {@code data:} payloads of a server-sent events transcript in place, as byte ranges
 * of the body, so a long stream is not copied into strings event by event. Follows the SSE rules
 * that {@link dev.llmlab.spi.SseEvents} follows: lines end with LF or CRLF, a blank line ends an
 * event, several {@code data:} lines of one event are joined with LF, one space after the colon
 * is dropped, the {@code [DONE]} sentinel is skipped (blank around it as {@link String#strip()}
 * sees blanks). Stateless; thread-safe.
 *
 * <pre>{@code
 * int events = EventStreamScanner.forEachData(body, (buf, off, len, n) -> {
 *     if (!EventStreamScanner.isBlank(buf, off, len)) {
 *         read(buf, off, len); // e.g. FastJsonParser.read(buf, off, len, reader, fallback)
 *     }
 * });
 * }</pre>
 */
public final class EventStreamScanner {

    /** Receives one event's data. */
    @FunctionalInterface
    public interface DataSink {
        /**
         * @param buf the bytes holding the data
         * @param off where the data starts
         * @param len its length
         * @param index the event's position among the events with data, from 1
         */
        void accept(byte[] buf, int off, int len, int index);
    }

    private EventStreamScanner() {
    }

    /**
     * Calls the sink for the data of each event, in order.
     *
     * @param body the transcript, UTF-8; not null
     * @param sink receives each event's data; not null
     * @return how many events carried data ({@code [DONE]} not counted)
     */
    public static int forEachData(byte[] body, DataSink sink) {
        int count = 0;
        int dataOff = -1;
        int dataLen = 0;
        ByteArrayOutputStream joined = null; // only for events with several data lines
        int length = body.length;
        int i = 0;
        while (i <= length) {
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
        // blanks beyond ASCII (U+2003, U+3000...) around it: as SseEvents sees them
        return e - s > 6 && hasNonAscii(b, s, e) && new String(b, s, e - s, StandardCharsets.UTF_8).strip()
                .equals("[DONE]");
    }

    /**
     * @param b the bytes
     * @param off where the data starts
     * @param len its length
     * @return true when the data is blank, exactly as {@link String#isBlank()} says of its text
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

    /**
     * Reads the event type when the data starts with its {@code "type"} member, as Anthropic
     * writes every event: {@code {"type":"content_block_delta",...}} (or {@code {"type": "ping"}}).
     *
     * @param b the bytes
     * @param off where the data starts
     * @param len its length
     * @return the type, or null when the data does not start that way
     */
    public static String leadingType(byte[] b, int off, int len) {
        int end = off + len;
        int k = skipBlanks(b, off, end);
        if (k >= end || b[k] != '{') {
            return null;
        }
        k = skipBlanks(b, k + 1, end);
        if (!matches(b, k, end, "\"type\"")) {
            return null;
        }
        k = skipBlanks(b, k + 6, end);
        if (k >= end || b[k] != ':') {
            return null;
        }
        k = skipBlanks(b, k + 1, end);
        if (k >= end || b[k] != '"') {
            return null;
        }
        int start = ++k;
        while (k < end && b[k] != '"') {
            byte c = b[k];
            if (c == '\\' || c < 0x20 || c > 0x7e) {
                return null; // escapes or non-ASCII: leave it to the JSON parser
            }
            k++;
        }
        if (k >= end) {
            return null;
        }
        return new String(b, start, k - start, StandardCharsets.US_ASCII);
    }

    private static int skipBlanks(byte[] b, int k, int end) {
        while (k < end && isJsonBlank(b[k])) {
            k++;
        }
        return k;
    }

    private static boolean isJsonBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean matches(byte[] b, int k, int end, String s) {
        if (end - k < s.length()) {
            return false;
        }
        for (int j = 0; j < s.length(); j++) {
            if (b[k + j] != s.charAt(j)) {
                return false;
            }
        }
        return true;
    }
}

package dev.llmlab.provider.anthropic;

import java.io.ByteArrayOutputStream;

/**
 * Walks the {@code data:} payloads of a server-sent events transcript in place, as byte ranges
 * of the body, so a long stream is not copied into strings event by event. Follows the SSE rules
 * that {@link dev.llmlab.spi.SseEvents} follows: lines end with LF or CRLF, a blank line ends an
 * event, several {@code data:} lines of one event are joined with LF, one space after the colon
 * is dropped, the {@code [DONE]} sentinel is skipped.
 */
final class EventStreamScanner {

    /** Receives one event's data. */
    interface DataSink {
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
     * @return how many events carried data ({@code [DONE]} not counted)
     */
    static int forEachData(byte[] body, DataSink sink) {
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
        while (s < e && isBlank(b[s])) {
            s++;
        }
        while (e > s && isBlank(b[e - 1])) {
            e--;
        }
        return e - s == 6 && b[s] == '[' && b[s + 1] == 'D' && b[s + 2] == 'O' && b[s + 3] == 'N' && b[s + 4] == 'E'
                && b[s + 5] == ']';
    }

    /** @return true when the data is blank */
    static boolean isBlank(byte[] b, int off, int len) {
        for (int k = off; k < off + len; k++) {
            if (!isBlank(b[k])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /**
     * Reads the event type when the data starts with its {@code "type"} member, as Anthropic
     * writes every event: {@code {"type":"content_block_delta",...}} (or {@code {"type": "ping"}}).
     *
     * @return the type, or null when the data does not start that way
     */
    static String leadingType(byte[] b, int off, int len) {
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
        return new String(b, start, k - start, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int skipBlanks(byte[] b, int k, int end) {
        while (k < end && isBlank(b[k])) {
            k++;
        }
        return k;
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

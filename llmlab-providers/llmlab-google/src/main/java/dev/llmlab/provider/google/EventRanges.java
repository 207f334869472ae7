package dev.llmlab.provider.google;

import java.util.Arrays;

/**
 * Finds the {@code data:} payload of each event of a server-sent events transcript as a byte
 * range, so that each payload can be parsed in place instead of decoding the whole transcript to
 * a string first. Gemini sends one {@code data:} line per event; an event spread over several
 * {@code data:} lines (legal SSE, never seen from Gemini) makes {@link #of} answer null, and the
 * caller falls back to {@link dev.llmlab.spi.SseEvents#dataPayloads}, which joins them.
 */
final class EventRanges {
    private EventRanges() {
    }

    /**
     * @param body an SSE transcript
     * @return {@code [start0, end0, start1, end1, …]} of each event's data (end exclusive), with
     *     {@code [DONE]} events left out; null when an event has more than one data line
     */
    static int[] of(byte[] body) {
        int[] ranges = new int[16];
        int count = 0;
        int eventStart = -1; // start of the current event's data, -1 when it has none yet
        int eventEnd = -1;
        int i = 0;
        int n = body.length;
        while (i <= n) {
            int end = i;
            while (end < n && body[end] != '\n') {
                end++;
            }
            int lineEnd = end > i && body[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd == i) { // blank line (or end of input): dispatch the event
                if (eventStart >= 0 && !isDone(body, eventStart, eventEnd)) {
                    if (count + 2 > ranges.length) {
                        ranges = Arrays.copyOf(ranges, ranges.length * 2);
                    }
                    ranges[count++] = eventStart;
                    ranges[count++] = eventEnd;
                }
                eventStart = -1;
            } else if (lineEnd - i >= 5 && body[i] == 'd' && body[i + 1] == 'a' && body[i + 2] == 't'
                    && body[i + 3] == 'a' && body[i + 4] == ':') {
                if (eventStart >= 0) {
                    return null; // multi-line data: let the general splitter join the lines
                }
                eventStart = i + 5 < lineEnd && body[i + 5] == ' ' ? i + 6 : i + 5;
                eventEnd = lineEnd;
            }
            i = end + 1;
        }
        if (eventStart >= 0 && !isDone(body, eventStart, eventEnd)) { // the last event, without its blank line
            ranges = Arrays.copyOf(ranges, count + 2);
            ranges[count++] = eventStart;
            ranges[count++] = eventEnd;
        }
        return Arrays.copyOf(ranges, count);
    }

    private static boolean isDone(byte[] body, int start, int end) {
        while (start < end && isSpace(body[start])) {
            start++;
        }
        while (end > start && isSpace(body[end - 1])) {
            end--;
        }
        return end - start == 6 && body[start] == '[' && body[start + 1] == 'D' && body[start + 2] == 'O'
                && body[start + 3] == 'N' && body[start + 4] == 'E' && body[start + 5] == ']';
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}

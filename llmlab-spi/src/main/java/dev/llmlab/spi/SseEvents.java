package dev.llmlab.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a server-sent events transcript (a streamed LLM response as received) into the
 * {@code data:} payloads of its events, for adapters that read usage from streamed responses.
 */
public final class SseEvents {
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
     * Returns the data of each event, in order. Multi-line data is joined with newlines as the
     * SSE specification says; the {@code [DONE]} sentinel that OpenAI sends last is skipped.
     *
     * @param transcript the whole streamed body; not null
     * @return one string per event that carried data
     */
    public static List<String> dataPayloads(String transcript) {
        List<String> out = new ArrayList<>();
        StringBuilder data = null;
        int start = 0;
        int n = transcript.length();
        while (start <= n) {
            int end = transcript.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            int lineEnd = end > start && transcript.charAt(end - 1) == '\r' ? end - 1 : end;
            String line = transcript.substring(start, lineEnd);
            if (line.isEmpty()) {
                flush(out, data);
                data = null;
            } else if (line.startsWith("data:")) {
                String value = line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5);
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            start = end + 1;
        }
        flush(out, data);
        return out;
    }

    private static void flush(List<String> out, StringBuilder data) {
        if (data != null) {
            String value = data.toString();
            if (!value.strip().equals("[DONE]")) {
                out.add(value);
            }
        }
    }
}

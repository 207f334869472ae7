package dev.llmlab.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SseEventsTest {

    /** The events' data through {@link SseEvents#forEachData}, checking the indexes and the count. */
    private static List<String> scan(String transcript) {
        List<String> out = new ArrayList<>();
        byte[] body = transcript.getBytes(StandardCharsets.UTF_8);
        int count = SseEvents.forEachData(body, (buf, off, len, index) -> {
            assertThat(index).isEqualTo(out.size() + 1);
            out.add(new String(buf, off, len, StandardCharsets.UTF_8));
        });
        assertThat(count).isEqualTo(out.size());
        return out;
    }

    /**
     * The splitting rules written line by line over a string, as the SSE specification states
     * them: the reference the in-place splitter must agree with.
     */
    private static List<String> reference(String transcript) {
        List<String> out = new ArrayList<>();
        StringBuilder data = null;
        for (String line : transcript.split("\n", -1)) {
            line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (line.isEmpty()) {
                addUnlessDone(out, data);
                data = null;
            } else if (line.startsWith("data:")) {
                String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        addUnlessDone(out, data);
        return out;
    }

    private static void addUnlessDone(List<String> out, StringBuilder data) {
        if (data != null && !data.toString().strip().equals("[DONE]")) {
            out.add(data.toString());
        }
    }

    @Test
    void dataPayloads_joinsMultiLineData_skipsDoneAndComments() {
        String t = ": keep-alive\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\ndata:{\"b\":\ndata: 2}\n\ndata: [DONE]\n\n";
        assertThat(SseEvents.dataPayloads(t)).containsExactly("{\"a\":1}", "{\"b\":\n2}");
    }

    @Test
    void dataPayloads_lastEventWithoutBlankLine_isKept() {
        assertThat(SseEvents.dataPayloads("data: x\n\ndata: y")).containsExactly("x", "y");
        assertThat(SseEvents.dataPayloads("")).isEmpty();
    }

    @Test
    void forEachData_handlesCrlfMultiLineDataCommentsAndDone() {
        String t = ": keep-alive\r\nevent: a\r\ndata: one\r\ndata:two\r\n\r\nid: 7\ndata: [DONE]\n\ndata: last";
        assertThat(scan(t)).containsExactly("one\ntwo", "last").isEqualTo(reference(t));
    }

    @Test
    void forEachData_matchesTheReferenceOnRandomTranscripts() {
        Random random = new Random(7L);
        String[] pieces = {"data: ", "data:", "event: x", ": c", "\n", "\r\n", "\n\n", "{\"a\":1}", "[DONE]", " ", "x",
            "dat", "data", "\u001f", "\u000b", "\u2003", "\u00a0", "\u00e9"};
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String t = sb.toString();
            assertThat(scan(t)).as("<%s>", t).isEqualTo(reference(t)).isEqualTo(SseEvents.dataPayloads(t));
        }
    }

    @Test
    void forEachData_matchesTheReferenceOnEveryProviderGoldenStream() throws IOException {
        // the provider jars' golden transcripts, as the providers send them
        List<Path> streams;
        try (Stream<Path> files = Files.walk(Path.of("..", "llmlab-providers"))) {
            streams = files.filter(f -> f.toString().contains(Path.of("src", "test", "resources").toString()))
                    .filter(f -> f.toString().endsWith(".sse") || f.toString().endsWith(".txt"))
                    .sorted().collect(Collectors.toList());
        }
        assertThat(streams).hasSizeGreaterThanOrEqualTo(8);
        for (Path golden : streams) {
            String text = Files.readString(golden);
            assertThat(scan(text)).as(golden.toString()).isNotEmpty().isEqualTo(reference(text));
        }
    }

    @Test
    void forEachData_withLimits_handsOverTheFirstEventsOfTheFirstBytes() {
        byte[] body = "data: one\n\ndata: [DONE]\n\ndata: two\n\ndata: three\n\n".getBytes(StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        SseEvents.DataSink collect = (buf, off, len, index) -> seen.add(new String(buf, off, len, StandardCharsets.UTF_8));

        assertThat(SseEvents.forEachData(body, body.length, 2, collect)).isEqualTo(2);
        assertThat(seen).containsExactly("one", "two");
        seen.clear();
        assertThat(SseEvents.forEachData(body, 33, 8, collect)).isEqualTo(2); // cut inside "two": it ends there
        assertThat(seen).containsExactly("one", "tw");
        assertThatThrownBy(() -> SseEvents.forEachData(body, body.length + 1, 1, collect))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void isBlank_isStringIsBlank_evenForControlAndUnicodeSpaces() {
        for (String data : new String[] {"", " ", "\t\r\n", "\u001f", "\u000b\u000c", "\u2003 ", "\u3000", "\u00a0",
            "\u0085", "x", " x ", "\u00e9"}) {
            byte[] b = ("<" + data + ">").getBytes(StandardCharsets.UTF_8);
            assertThat(SseEvents.isBlank(b, 1, b.length - 2)).as("<%s>", data).isEqualTo(data.isBlank());
        }
    }

    @Test
    void isEventStream_looksAtTheFirstLine() {
        assertThat(SseEvents.isEventStream("\n data: {}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(SseEvents.isEventStream("event: ping\n".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(SseEvents.isEventStream(": comment\n".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(SseEvents.isEventStream("{\"data\": 1}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(SseEvents.isEventStream("   ".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(SseEvents.isEventStream(new byte[0])).isFalse();
    }

    @Test
    void garbage_neverThrows() {
        Random random = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            SseEvents.isEventStream(bytes);
            SseEvents.forEachData(bytes, (buf, off, len, index) -> SseEvents.isBlank(buf, off, len));
            assertThat(SseEvents.dataPayloads(new String(bytes, StandardCharsets.ISO_8859_1))).isNotNull();
        }
    }
}

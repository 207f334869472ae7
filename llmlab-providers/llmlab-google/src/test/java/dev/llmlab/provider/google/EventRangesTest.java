package dev.llmlab.provider.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.spi.SseEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The in-place event splitter agrees with {@link SseEvents#dataPayloads} on every transcript it accepts. */
class EventRangesTest {

    private static List<String> payloads(String transcript) {
        byte[] body = transcript.getBytes(StandardCharsets.UTF_8);
        int[] r = EventRanges.of(body);
        if (r == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.length; i += 2) {
            out.add(new String(body, r[i], r[i + 1] - r[i], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void ranges_singleLineEvents_crlfCommentsAndOtherFields() {
        String t = ": keep-alive\r\n\r\nevent: chunk\r\nid: 7\r\ndata: {\"a\":1}\r\n\r\ndata:{\"b\":2}\n\ndata: [DONE]\n\n";
        assertThat(payloads(t)).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(payloads(t)).isEqualTo(SseEvents.dataPayloads(t));
    }

    @Test
    void ranges_lastEventWithoutBlankLine_isKept() {
        assertThat(payloads("data: {\"a\":1}\n\ndata: {\"b\":2}")).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void ranges_multiLineData_fallsBack() {
        assertThat(payloads("data: {\"a\":\ndata: 1}\n\n")).isNull();
    }

    @Test
    void parse_multiLineDataEvent_joinedLikeTheSpecSays() {
        GeminiAdapter adapter = new GeminiAdapter();
        String oneLine = "data: {\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":2}}\n\n";
        String twoLines = "data: {\"usageMetadata\":\ndata: {\"promptTokenCount\":4,\"candidatesTokenCount\":2}}\n\n";
        assertThat(adapter.parse(twoLines)).isEqualTo(adapter.parse(oneLine));
    }

    @Test
    void ranges_goldenStreams_matchTheGeneralSplitter() {
        for (String golden : new String[] {"stream-sse.txt", "grounding-gemini3-sse.txt"}) {
            assertThat(payloads(Golden.text(golden))).isEqualTo(SseEvents.dataPayloads(Golden.text(golden)));
        }
    }

    @Property(tries = 1000)
    void ranges_agreeWithTheGeneralSplitter(@ForAll("transcripts") String transcript) {
        List<String> mine = payloads(transcript);
        if (mine != null) {
            assertThat(mine).isEqualTo(SseEvents.dataPayloads(transcript));
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> transcripts() {
        net.jqwik.api.Arbitrary<String> line = net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.strings().withChars("ab{}\": ").ofMaxLength(8).map(s -> "data: " + s),
                net.jqwik.api.Arbitraries.strings().withChars("ab{}\":").ofMaxLength(8).map(s -> "data:" + s),
                net.jqwik.api.Arbitraries.just("data: [DONE]"),
                net.jqwik.api.Arbitraries.just(": comment"),
                net.jqwik.api.Arbitraries.just("event: x"),
                net.jqwik.api.Arbitraries.just(""));
        return line.list().ofMaxSize(12).flatMap(lines -> net.jqwik.api.Arbitraries.of("\n", "\r\n")
                .map(sep -> String.join(sep, lines)));
    }
}

package dev.llmlab.provider.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.provider.json.testing.FastPathAssertions;
import dev.llmlab.spi.SseEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The in-place SSE scanner splits transcripts exactly as the SPI's {@link SseEvents} does. */
class EventStreamScannerTest {

    private static List<String> scan(String transcript) {
        List<String> out = new ArrayList<>();
        byte[] body = transcript.getBytes(StandardCharsets.UTF_8);
        int count = EventStreamScanner.forEachData(body, (buf, off, len, index) -> {
            assertThat(index).isEqualTo(out.size() + 1);
            out.add(new String(buf, off, len, StandardCharsets.UTF_8));
        });
        assertThat(count).isEqualTo(out.size());
        return out;
    }

    @Test
    void forEachData_matchesSseEventsOnEveryProviderGoldenStream() throws IOException {
        List<Path> streams = FastPathAssertions.goldenFilePaths().stream()
                .filter(f -> f.toString().endsWith(".sse") || f.toString().endsWith(".txt"))
                .collect(Collectors.toList());
        assertThat(streams).hasSizeGreaterThanOrEqualTo(8);
        for (Path golden : streams) {
            String text = Files.readString(golden);
            assertThat(scan(text)).as(golden.toString()).isEqualTo(SseEvents.dataPayloads(text));
        }
    }

    @Test
    void forEachData_handlesCrlfMultiLineDataCommentsAndDone() {
        String t = ": keep-alive\r\nevent: a\r\ndata: one\r\ndata:two\r\n\r\nid: 7\ndata: [DONE]\n\ndata: last";
        assertThat(scan(t)).containsExactly("one\ntwo", "last").isEqualTo(SseEvents.dataPayloads(t));
    }

    @Test
    void forEachData_matchesSseEventsOnRandomTranscripts() {
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
            assertThat(scan(t)).as("<%s>", t).isEqualTo(SseEvents.dataPayloads(t));
        }
    }

    @Test
    void isBlank_isStringIsBlank_evenForControlAndUnicodeSpaces() {
        for (String data : new String[] {"", " ", "\t\r\n", "\u001f", "\u000b\u000c", "\u2003 ", "\u3000", "\u00a0",
            "\u0085", "x", " x ", "\u00e9"}) {
            byte[] b = ("<" + data + ">").getBytes(StandardCharsets.UTF_8);
            assertThat(EventStreamScanner.isBlank(b, 1, b.length - 2)).as("<%s>", data).isEqualTo(data.isBlank());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"content_block_delta\",\"index\":0} | content_block_delta",
        "{\"type\": \"ping\"}                          | ping",
        "  { \"type\" :  \"message_delta\" }           | message_delta",
        "{\"index\":0,\"type\":\"ping\"}               | ",
        "{\"type\":\"pi\\u006eg\"}                      | ",
        "{\"type\":\"unterminated                      | ",
        "[1]                                           | ",
    })
    void leadingType_readsOnlyAPlainLeadingTypeMember(String data, String expected) {
        byte[] b = data.strip().getBytes(StandardCharsets.UTF_8);
        assertThat(EventStreamScanner.leadingType(b, 0, b.length)).isEqualTo(expected);
    }
}

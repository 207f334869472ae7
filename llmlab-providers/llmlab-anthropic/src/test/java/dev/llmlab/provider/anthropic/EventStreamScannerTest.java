package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.spi.SseEvents;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    void forEachData_matchesSseEventsOnEveryGoldenStream() {
        for (String golden : List.of("stream_message.txt", "stream_message_delta_usage.txt", "stream_error.txt")) {
            String text = Golden.text(golden);
            assertThat(scan(text)).as(golden).isEqualTo(SseEvents.dataPayloads(text));
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
            "dat", "data"};
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

    @Test
    void parse_malformedContentEvent_isIgnoredBecauseItCarriesNoUsage() {
        String stream = Golden.text("stream_message.txt").replace("\"text\":\"27 * 453 = 12,231\"", "\"text\":27 * 453");
        Usage u = new AnthropicAdapter().parse(stream);
        assertThat(u.outputTokens()).isEqualTo(218);
    }

    @Test
    void parse_malformedMessageDelta_isReported() {
        String stream = Golden.text("stream_message.txt").replace("\"output_tokens\":218}", "\"output_tokens\":218");
        assertThatThrownBy(() -> new AnthropicAdapter().parse(stream))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("malformed JSON");
    }
}

package dev.llmlab.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseEventsTest {
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
            assertThat(SseEvents.dataPayloads(new String(bytes, StandardCharsets.ISO_8859_1))).isNotNull();
        }
    }
}

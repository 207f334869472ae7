package dev.llmlab.provider.google;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Streams are split into events in place; how the events are framed does not change the usage. */
class GeminiStreamTest {
    private static final String ONE_LINE =
            "data: {\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":2}}\n\n";

    @Test
    void parse_multiLineDataEvent_joinedLikeTheSpecSays() {
        GeminiAdapter adapter = new GeminiAdapter();
        String twoLines = "data: {\"usageMetadata\":\ndata: {\"promptTokenCount\":4,\"candidatesTokenCount\":2}}\n\n";
        assertThat(adapter.parse(twoLines)).isEqualTo(adapter.parse(ONE_LINE));
    }

    @Test
    void parse_crlfCommentsOtherFieldsDoneAndNoFinalBlankLine_readTheSameEvents() {
        GeminiAdapter adapter = new GeminiAdapter();
        String framed = ": keep-alive\r\n\r\nevent: chunk\r\nid: 7\r\ndata: {\"usageMetadata\":{\"promptTokenCount\":4,"
                + "\"candidatesTokenCount\":2}}\r\n\r\ndata: [DONE]";
        assertThat(adapter.parse(framed)).isEqualTo(adapter.parse(ONE_LINE));
    }
}

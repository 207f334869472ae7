package dev.llmlab.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.internal.json.JsonObjectText;
import dev.llmlab.core.tracking.EventStatus;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.spi.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageRecordsTest {
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final Usage EVERY_COUNT = Usage.builder("anthropic", "claude-sonnet-4-5").inputTokens(5000)
            .cacheReadTokens(1000).cacheWriteTokens(2000).cacheWrite1hTokens(500).outputTokens(800).reasoningTokens(300)
            .inputAudioTokens(100).outputAudioTokens(50).webSearchRequests(2).build();

    private static TrackedEvent event(Usage usage, Map<String, String> tags) {
        return TrackedEvent.builder(UUID.fromString("0b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a11"),
                Instant.parse("2025-07-01T12:00:00.123Z")).usage(usage).costUsd(new BigDecimal("0.004750"))
                .durationNanos(1_234_000_000L).tags(tags).build();
    }

    @Test
    void trackerLine_readBack_isTheSameRecord() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("user", "a \"quoted\"\nname\\ with \u2028 separators");
        tags.put("emoji", "\uD83D\uDE00");
        for (TrackedEvent e : new TrackedEvent[] {event(EVERY_COUNT, tags),
            event(Usage.builder("openai", "gpt-4o").inputTokens(1200).outputTokens(300).build(), Map.of())}) {
            for (String line : new String[] {e.toJson(), e.toIngestJson()}) {
                UsageRecord r = UsageRecords.parse(line, NOW);

                assertThat(r.usage()).as(line).isEqualTo(e.usage());
                assertThat(r.id()).hasValue(e.id());
                assertThat(r.timestamp()).isEqualTo(e.timestamp());
                assertThat(r.durationMs()).hasValue(1234.0);
                assertThat(r.tags()).containsExactlyEntriesOf(e.tags());
            }
        }
    }

    @Test
    void writeUsage_namesEveryCount_inOrder_reasoningNullWhenUnknown() {
        StringBuilder sb = new StringBuilder();
        JsonObjectText out = new JsonObjectText(sb);
        UsageRecords.writeUsage(EVERY_COUNT, out, true);
        assertThat(out.end().toString()).isEqualTo("{\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-5\","
                + "\"input_tokens\":5000,\"cache_read_tokens\":1000,\"cache_write_tokens\":2000,"
                + "\"cache_write_1h_tokens\":500,\"output_tokens\":800,\"reasoning_tokens\":300,"
                + "\"input_audio_tokens\":100,\"output_audio_tokens\":50,\"web_search_requests\":2}");

        Usage plain = Usage.builder("cohere", null).inputTokens(7).build();
        assertThat(write(plain, true)).isEqualTo("{\"provider\":\"cohere\",\"model\":null,\"input_tokens\":7,"
                + "\"cache_read_tokens\":0,\"cache_write_tokens\":0,\"cache_write_1h_tokens\":0,\"output_tokens\":0,"
                + "\"reasoning_tokens\":null}");
        assertThat(write(plain, false)).doesNotContain("reasoning_tokens");
    }

    private static String write(Usage usage, boolean unknownReasoningAsNull) {
        JsonObjectText out = new JsonObjectText(new StringBuilder());
        UsageRecords.writeUsage(usage, out, unknownReasoningAsNull);
        return out.end().toString();
    }

    @Test
    void read_withPrefix_namesTheFieldWithIt() {
        JsonObjectView batchItem = new JsonMapView(Map.of("provider", "openai", "model", "gpt-4o", "input_tokens",
                new BigDecimal("1200.5")));
        assertThatThrownBy(() -> UsageRecords.read(batchItem, "events[3].", NOW))
                .isInstanceOfSatisfying(UsageRecordException.class, e -> {
                    assertThat(e.field()).isEqualTo("events[3].input_tokens");
                    assertThat(e.getMessage()).isEqualTo("events[3].input_tokens must be a whole number between 0 and "
                            + "1000000000000, was 1200.5");
                });
    }

    @Test
    void read_subsetOverItsWhole_fieldPrefixed_messageIsTheUsageRule() {
        JsonObjectView item = new JsonMapView(Map.of("provider", "openai", "model", "gpt-4o", "output_tokens",
                BigDecimal.ONE, "reasoning_tokens", BigDecimal.TEN));
        assertThatThrownBy(() -> UsageRecords.read(item, "events[0].", NOW))
                .isInstanceOfSatisfying(UsageRecordException.class, e -> {
                    assertThat(e.field()).isEqualTo("events[0].reasoning_tokens");
                    assertThat(e.getMessage()).isEqualTo("reasoning_tokens (10) must not exceed output_tokens (1)");
                });
    }

    @Test
    void parse_malformedOrNotAnObject_isARecordErrorWithoutAField() {
        assertThatThrownBy(() -> UsageRecords.parse("not json", NOW)).isInstanceOfSatisfying(UsageRecordException.class,
                e -> {
                    assertThat(e.field()).isNull();
                    assertThat(e.getMessage()).startsWith("malformed JSON: ").contains("line 1, column 1");
                });
        assertThatThrownBy(() -> UsageRecords.parse("[1,2]", NOW)).isInstanceOf(UsageRecordException.class)
                .hasMessage("a usage record must be a JSON object, was an array");
        assertThatThrownBy(() -> UsageRecords.parse("{\"provider\":\"openai\",\"input_tokens\":1,\"input_tokens\":2}",
                NOW)).isInstanceOf(UsageRecordException.class).hasMessageContaining("duplicate key \"input_tokens\"");
    }

    @Test
    void parse_numberBeyondADecimal_isMalformedJson_notANumberFormatException() {
        assertThatThrownBy(() -> UsageRecords.parse("{\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"output_tokens\":1e9999999999}", NOW)).isInstanceOf(UsageRecordException.class)
                .hasMessageStartingWith("malformed JSON: number beyond what a decimal can hold at line 1, column 55");
    }

    @Test
    void parse_garbage_isOnlyEverARecordError() {
        Random random = new Random(7);
        String valid = event(EVERY_COUNT, Map.of("k", "v")).toJson();
        String alphabet = "{}[]\":,.-+eE0123456789 tnulrfas\\";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder s = new StringBuilder(valid);
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                int at = random.nextInt(s.length());
                s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                UsageRecords.parse(s.toString(), NOW);
            } catch (UsageRecordException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void canonicalId_takesOnly8_4_4_4_12HexDigits() {
        assertThat(UsageRecords.canonicalId("0B5C8F0E-7D0A-4A37-9A39-3F1F2F9B1A11"))
                .hasValue(UUID.fromString("0b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a11"));
        for (String bad : new String[] {"1-1-1-1-1", "1234567890-1234-1234-1234-1234567890", "{0b5c8f0e-7d0a-4a37-9a39-"
                + "3f1f2f9b1a11}", "0b5c8f0e7d0a4a379a393f1f2f9b1a11", "0b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a1g", "", null}) {
            assertThat(UsageRecords.canonicalId(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void record_tags_keepTheirOrder_andAreReadOnly() {
        UsageRecord r = UsageRecords.parse("{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"tags\":{\"z\":\"1\",\"a\":"
                + "\"say \\\"hi\\\"\"}}", NOW);
        assertThat(r.tags()).containsExactly(Map.entry("z", "1"), Map.entry("a", "say \"hi\""));
        assertThat(r.tagsJson()).isEqualTo("{\"z\":\"1\",\"a\":\"say \\\"hi\\\"\"}");
        assertThatThrownBy(() -> r.tags().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(UsageRecords.parse("{\"provider\":\"openai\",\"model\":\"gpt-4o\"}", NOW).tagsJson()).isEqualTo("{}");
    }

    @Test
    void failedCallLine_hasNoUsage_andIsRefusedNamingProvider() {
        TrackedEvent failed = TrackedEvent.builder(UUID.randomUUID(), NOW).status(EventStatus.CALL_FAILED, "boom")
                .build();
        assertThatThrownBy(() -> UsageRecords.parse(failed.toJson(), NOW)).isInstanceOf(UsageRecordException.class)
                .hasMessage("provider is required");
    }
}

package dev.llmlab.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.internal.json.Json;
import dev.llmlab.spi.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared table of valid and invalid usage records ({@code usage-records/cases.jsonl}) read the
 * way the tracker's JSON lines are read back, with {@link UsageRecords#parse}. The same table runs
 * against {@code llmlab cost} and the server's ingest (llmlab-server: {@code UsageRecordTableCliTest},
 * {@code UsageRecordTableIngestTest}), so all three agree on every record.
 *
 * <p>Each line of the table is {@code {"case": name, "expect": …, "record": …}}, with {@code record}
 * last: the record's text is taken from the line as written ({@code 1200.0} stays {@code 1200.0}).
 * {@code expect} is {@code {"normalized": {provider, model, counts…, [service_tier, inference_geo,
 * timestamp, id, duration_ms, tags]}}} (a count left out is 0, {@code reasoning_tokens} left out is
 * unknown, {@code service_tier} left out is standard) or
 * {@code {"error": {"field", "message"}}} with the exact message.
 */
class UsageRecordTableTest {
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = UsageRecordTableTest.class.getResourceAsStream("/usage-records/cases.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> c = (Map<String, Object>) Json.parse(line);
                String record = line.substring(line.indexOf(",\"record\":") + 10, line.length() - 1);
                assertThat(Json.parse(record)).as("the record is the line's last member").isEqualTo(c.get("record"));
                out.add(Arguments.of(c.get("case"), c.get("expect"), record));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void trackerReader_agreesWithTheTable(String name, Map<String, Object> expect, String record) {
        Map<String, Object> error = (Map<String, Object>) expect.get("error");
        if (error != null) {
            assertThatThrownBy(() -> UsageRecords.parse(record, NOW)).isInstanceOfSatisfying(UsageRecordException.class,
                    e -> {
                        assertThat(e.field()).isEqualTo(error.get("field"));
                        assertThat(e.getMessage()).isEqualTo(error.get("message"));
                    });
            return;
        }
        Map<String, Object> normalized = (Map<String, Object>) expect.get("normalized");
        UsageRecord r = UsageRecords.parse(record, NOW);
        Usage u = r.usage();
        assertThat(u.provider()).isEqualTo(normalized.get("provider"));
        assertThat(u.model()).isEqualTo(normalized.get("model"));
        long[] counts = {u.inputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), u.cacheWrite1hTokens(),
            u.outputTokens(), u.reasoningTokens().orElse(-1), u.inputAudioTokens(), u.outputAudioTokens(),
            u.webSearchRequests()};
        for (int i = 0; i < counts.length; i++) {
            String field = UsageRecords.COUNTS.get(i);
            Object want = normalized.get(field);
            long expected = want == null ? (field.equals(UsageRecords.REASONING_TOKENS) ? -1 : 0)
                    : ((BigDecimal) want).longValueExact();
            assertThat(counts[i]).as(field).isEqualTo(expected);
        }
        assertThat(u.serviceTier().wireName()).as("service_tier")
                .isEqualTo(normalized.getOrDefault("service_tier", "standard"));
        assertThat(u.inferenceGeo()).as("inference_geo").isEqualTo(normalized.get("inference_geo"));
        assertThat(r.timestamp()).isEqualTo(normalized.containsKey("timestamp")
                ? Instant.parse((String) normalized.get("timestamp")) : NOW);
        assertThat(r.id().map(Object::toString).orElse(null)).isEqualTo(normalized.get("id"));
        Object duration = normalized.get("duration_ms");
        if (duration == null) {
            assertThat(r.durationMs()).isEmpty();
        } else {
            assertThat(r.durationMs()).hasValue(((BigDecimal) duration).doubleValue());
        }
        assertThat(r.tags()).isEqualTo(normalized.getOrDefault("tags", Map.of()));
    }
}

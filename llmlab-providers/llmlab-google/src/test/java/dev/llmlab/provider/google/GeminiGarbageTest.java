package dev.llmlab.provider.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Whatever the body, the adapter answers with usage or a {@link UsageParseException} whose message
 * says what was wrong; never another exception, never a silent zero.
 */
class GeminiGarbageTest {
    private final GeminiAdapter adapter = new GeminiAdapter();

    /** Parses, accepting only usage or our exception; returns null for the exception. */
    private Usage parseOrOurException(byte[] body) {
        try {
            return adapter.parse(body);
        } catch (UsageParseException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        } catch (Throwable t) {
            throw new AssertionError("not a UsageParseException for " + preview(body) + ": " + t, t);
        }
    }

    private static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
        return "\"" + s + (body.length > 120 ? "…" : "") + "\" (" + body.length + " bytes)";
    }

    private UsageParseException failure(String body) {
        try {
            Usage u = adapter.parse(body);
            return fail("expected a UsageParseException, got " + u);
        } catch (UsageParseException e) {
            return e;
        }
    }

    private static String usage(String fields) {
        return "{\"usageMetadata\":{" + fields + "},\"modelVersion\":\"gemini-2.5-flash\"}";
    }

    @Test
    void parse_emptyBody_isReported() {
        assertThat(failure("").getMessage()).contains("empty");
        assertThat(failure(" \r\n\t ").getMessage()).contains("empty");
    }

    @Test
    void parse_malformedJson_namesLineAndColumn() {
        assertThat(failure("{\"usageMetadata\":{\"promptTokenCount\":12,}}").getMessage())
                .contains("malformed JSON at line 1, column");
        assertThat(failure("{\n  \"usageMetadata\": {\n    \"promptTokenCount\": 12\n    \"x\": 1}}").getMessage())
                .contains("malformed JSON at line 4");
    }

    @Test
    void parse_wrongTypes_nameTheFieldAndValue() {
        assertThat(failure(usage("\"promptTokenCount\":\"abc\"")).getMessage())
                .contains("usageMetadata.promptTokenCount: expected a non-negative integer, got \"abc\"");
        assertThat(failure(usage("\"promptTokenCount\":1,\"candidatesTokenCount\":12.5")).getMessage())
                .contains("usageMetadata.candidatesTokenCount: expected a non-negative integer, got 12.5");
        assertThat(failure(usage("\"promptTokenCount\":1,\"thoughtsTokenCount\":true")).getMessage())
                .contains("usageMetadata.thoughtsTokenCount: expected a non-negative integer, got true");
        assertThat(failure(usage("\"promptTokenCount\":{}")).getMessage())
                .contains("usageMetadata.promptTokenCount: expected a non-negative integer, got an object");
        assertThat(failure(usage("\"promptTokenCount\":1,\"cachedContentTokenCount\":[1]")).getMessage())
                .contains("usageMetadata.cachedContentTokenCount: expected a non-negative integer, got an array");
        assertThat(failure("{\"usageMetadata\":\"lots\"}").getMessage())
                .contains("usageMetadata: expected an object, got \"lots\"");
        assertThat(failure("{\"usageMetadata\":{\"promptTokenCount\":1},\"modelVersion\":7}").getMessage())
                .contains("modelVersion: expected a string, got 7");
        assertThat(failure(usage("\"promptTokenCount\":1,\"promptTokensDetails\":{\"modality\":\"AUDIO\"}")).getMessage())
                .contains("usageMetadata.promptTokensDetails: expected an array");
        assertThat(failure(usage("\"promptTokenCount\":1,\"promptTokensDetails\":[{\"modality\":\"AUDIO\","
                + "\"tokenCount\":\"x\"}]")).getMessage())
                .contains("usageMetadata.promptTokensDetails[0].tokenCount: expected a non-negative integer, got \"x\"");
        assertThat(failure(usage("\"promptTokenCount\":1,\"promptTokensDetails\":[3]")).getMessage())
                .contains("usageMetadata.promptTokensDetails[0]: expected an object");
    }

    @Test
    void parse_negativeCounts_nameTheField() {
        assertThat(failure(usage("\"promptTokenCount\":-1")).getMessage())
                .contains("usageMetadata.promptTokenCount: must be >= 0, got -1");
        assertThat(failure(usage("\"promptTokenCount\":5,\"thoughtsTokenCount\":-20")).getMessage())
                .contains("usageMetadata.thoughtsTokenCount: must be >= 0, got -20");
        assertThat(failure(usage("\"promptTokenCount\":5,\"promptTokensDetails\":[{\"modality\":\"AUDIO\","
                + "\"tokenCount\":-3}]")).getMessage())
                .contains("tokenCount: must be >= 0, got -3");
    }

    @Test
    void parse_hugeNumbers_areErrorsNotOverflow() {
        assertThat(failure(usage("\"promptTokenCount\":99999999999999999999999")).getMessage())
                .contains("usageMetadata.promptTokenCount: 99999999999999999999999 is too large");
        assertThat(failure(usage("\"promptTokenCount\":" + Long.MAX_VALUE + ",\"toolUsePromptTokenCount\":1"))
                .getMessage()).contains("overflows a long");
        assertThat(failure(usage("\"promptTokenCount\":1,\"candidatesTokenCount\":" + Long.MAX_VALUE
                + ",\"thoughtsTokenCount\":" + Long.MAX_VALUE)).getMessage()).contains("overflows a long");
    }

    @Test
    void parse_boundaryCounts_areRead() {
        Usage zero = adapter.parse(usage("\"promptTokenCount\":0"));
        assertThat(zero.inputTokens()).isZero();
        Usage max = adapter.parse(usage("\"promptTokenCount\":" + Long.MAX_VALUE));
        assertThat(max.inputTokens()).isEqualTo(Long.MAX_VALUE);
        Usage intMax = adapter.parse(usage("\"promptTokenCount\":" + Integer.MAX_VALUE + ",\"candidatesTokenCount\":"
                + Integer.MAX_VALUE + ",\"thoughtsTokenCount\":" + Integer.MAX_VALUE));
        assertThat(intMax.outputTokens()).isEqualTo(2L * Integer.MAX_VALUE);
    }

    @Test
    void parse_missingUsage_isReported() {
        assertThat(failure("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}]}}],\"modelVersion\":"
                + "\"gemini-2.5-flash\"}").getMessage())
                .isEqualTo("no usage: the response has no 'usageMetadata' object");
        assertThat(failure("{\"usageMetadata\":null}").getMessage()).contains("no usage");
        assertThat(failure(usage("\"candidatesTokenCount\":4")).getMessage())
                .contains("no usage: 'usageMetadata' has no promptTokenCount");
        assertThat(failure("data: {\"candidates\":[]}\n\ndata: {\"candidates\":[]}\n\n").getMessage())
                .contains("no usage").contains("2 events");
        assertThat(failure(": keep-alive\n\n").getMessage()).contains("no data events");
        assertThat(failure("[]").getMessage()).contains("empty JSON array");
    }

    @Test
    void parse_inconsistentCounts_areReported() {
        assertThat(failure(usage("\"promptTokenCount\":10,\"cachedContentTokenCount\":11")).getMessage())
                .contains("cachedContentTokenCount (11) exceeds promptTokenCount (10)");
        assertThat(failure(usage("\"promptTokenCount\":10,\"promptTokensDetails\":[{\"modality\":\"AUDIO\","
                + "\"tokenCount\":2}],\"cachedContentTokenCount\":5,\"cacheTokensDetails\":[{\"modality\":\"AUDIO\","
                + "\"tokenCount\":3}]")).getMessage())
                .contains("cacheTokensDetails AUDIO (3) exceeds promptTokensDetails AUDIO (2)");
        assertThat(failure(usage("\"promptTokenCount\":10,\"candidatesTokenCount\":1,\"candidatesTokensDetails\":"
                + "[{\"modality\":\"AUDIO\",\"tokenCount\":7}]")).getMessage())
                .contains("output_audio_tokens (7) must not exceed output_tokens (1)");
    }

    @Test
    void parse_notAResponse_isReported() {
        assertThat(failure("42").getMessage()).contains("expected a JSON object");
        assertThat(failure("\"text\"").getMessage()).contains("expected a JSON object");
        assertThat(failure("[1,2]").getMessage()).contains("[0]: expected a generateContent response object");
        assertThat(failure(usage("\"promptTokenCount\":1") + " {}").getMessage())
                .contains("unexpected content after the JSON document");
    }

    @Test
    void parse_errorInsideStreams_isReported() {
        String sse = "data: " + usage("\"promptTokenCount\":1") + "\n\n"
                + "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}\n\n";
        assertThat(failure(sse).getMessage()).contains("event 2 of 2").contains("UNAVAILABLE").contains("503")
                .contains("The model is overloaded.");
        assertThat(failure("{\"error\":\"boom\"}").getMessage()).contains("error response");
        assertThat(failure("{\"error\":{}}").getMessage()).contains("UNKNOWN").contains("(no message)");
    }

    @Test
    void parse_malformedEventInStream_namesTheEvent() {
        String sse = "data: " + usage("\"promptTokenCount\":1") + "\n\ndata: {\"usageMetadata\": {\n\n";
        assertThat(failure(sse).getMessage()).startsWith("event 2 of 2: malformed JSON");
    }

    @Test
    void parse_deepNesting_isOurException() {
        String deep = "[".repeat(100_000);
        parseOrOurException(deep.getBytes(StandardCharsets.UTF_8));
        String deepObject = "{\"usageMetadata\":{\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}}";
        parseOrOurException(deepObject.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parse_truncatedGoldenFiles_atEveryTenth_neverAnotherException() {
        for (String golden : Golden.ALL) {
            byte[] full = Golden.FILES.bytes(golden);
            for (int tenth = 0; tenth < 10; tenth++) {
                byte[] cut = Arrays.copyOf(full, full.length * tenth / 10);
                Usage u = parseOrOurException(cut);
                if (golden.endsWith(".json")) {
                    assertThat(u).as(golden + " cut at " + tenth + "/10").isNull();
                }
            }
        }
    }

    @Test
    void parse_truncatedGoldenFiles_atEveryByte_neverAnotherException() {
        for (String golden : new String[] {"cached.json", "stream-sse.txt", "stream-array.json", "audio-input.json"}) {
            byte[] full = Golden.FILES.bytes(golden);
            for (int n = 0; n < full.length; n++) {
                parseOrOurException(Arrays.copyOf(full, n));
            }
        }
    }

    @Test
    void parse_randomBytes_seeded_onlyOurException() {
        Random random = new Random(20_251_127L);
        for (int i = 0; i < 5_000; i++) {
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            assertThat(parseOrOurException(body)).isNull();
            adapter.recognizes(body);
        }
    }

    @Test
    void parse_mutatedGoldenFiles_seeded_onlyUsageOrOurException() {
        Random random = new Random(42L);
        for (String golden : Golden.ALL) {
            byte[] full = Golden.FILES.bytes(golden);
            for (int i = 0; i < 300; i++) {
                byte[] body = full.clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
                parseOrOurException(body);
                adapter.recognizes(body);
            }
        }
    }

    @Property(tries = 2000)
    void parse_arbitraryText_onlyUsageOrOurException(@ForAll String text) {
        parseOrOurException(text.getBytes(StandardCharsets.UTF_8));
        adapter.recognizes(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void parse_arbitraryBytes_onlyOurException(@ForAll byte[] body) {
        parseOrOurException(body);
        adapter.recognizes(body);
    }

    @Property(tries = 1000)
    void parse_anyCountValue_onlyUsageOrOurException(@ForAll String value) {
        String json = usage("\"promptTokenCount\":" + value);
        Usage u = parseOrOurException(json.getBytes(StandardCharsets.UTF_8));
        if (u != null) {
            assertThat(u.inputTokens()).isNotNegative();
        }
    }

    @Property(tries = 1000)
    void parse_anyLongCounts_neverNegativeNeverSilent(@ForAll long prompt, @ForAll long cached, @ForAll long candidates,
            @ForAll long thoughts, @ForAll long toolUse) {
        String json = usage("\"promptTokenCount\":" + prompt + ",\"cachedContentTokenCount\":" + cached
                + ",\"candidatesTokenCount\":" + candidates + ",\"thoughtsTokenCount\":" + thoughts
                + ",\"toolUsePromptTokenCount\":" + toolUse);
        Usage u = parseOrOurException(json.getBytes(StandardCharsets.UTF_8));
        if (u != null) {
            assertThat(u.inputTokens()).isEqualTo(prompt + toolUse);
            assertThat(u.cacheReadTokens()).isEqualTo(cached);
            assertThat(u.outputTokens()).isEqualTo(candidates + thoughts);
            assertThat(u.reasoningTokens()).hasValue(thoughts);
        }
    }

    @Test
    void parse_nullBody_isNullPointerNamingIt() {
        assertThatThrownBy(() -> adapter.parse((byte[]) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("body");
    }
}

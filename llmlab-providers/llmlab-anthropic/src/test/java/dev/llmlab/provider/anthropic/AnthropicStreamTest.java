package dev.llmlab.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Streams are read in place; only the events that can carry usage are parsed. */
class AnthropicStreamTest {

    @Test
    void parse_malformedContentEvent_isIgnoredBecauseItCarriesNoUsage() {
        String stream = Golden.FILES.text("stream_message.txt")
                .replace("\"text\":\"27 * 453 = 12,231\"", "\"text\":27 * 453");
        Usage u = new AnthropicAdapter().parse(stream);
        assertThat(u.outputTokens()).isEqualTo(218);
    }

    @Test
    void parse_malformedMessageDelta_isReported() {
        String stream = Golden.FILES.text("stream_message.txt")
                .replace("\"output_tokens\":218}", "\"output_tokens\":218");
        assertThatThrownBy(() -> new AnthropicAdapter().parse(stream))
                .isInstanceOf(UsageParseException.class)
                .hasMessageContaining("malformed JSON");
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
        assertThat(AnthropicUsageReader.leadingType(b, 0, b.length)).isEqualTo(expected);
    }
}

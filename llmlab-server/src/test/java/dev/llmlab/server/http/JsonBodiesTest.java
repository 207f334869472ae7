package dev.llmlab.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The strict reading of request bodies, without a server. */
class JsonBodiesTest {

    @Test
    void parse_utf8Validation_agreesWithTheJdkStrictDecoder() {
        Random random = new Random(7);
        int valid = 0;
        for (int run = 0; run < 20_000; run++) {
            // Bytes that are never JSON syntax inside a string, so only their encoding decides.
            byte[] inside = new byte[random.nextInt(24)];
            for (int i = 0; i < inside.length; i++) {
                int b;
                do {
                    b = random.nextBoolean() ? 0x80 + random.nextInt(0x80) : 0x20 + random.nextInt(0x60);
                } while (b == '"' || b == '\\');
                inside[i] = (byte) b;
            }
            byte[] body = concat("[\"".getBytes(StandardCharsets.US_ASCII), inside, "\"]".getBytes(StandardCharsets.US_ASCII));
            boolean jdk = strictlyUtf8(body);
            Throwable t = catchThrowable(() -> JsonBodies.parse(body));
            if (jdk) {
                valid++;
                assertThat(t).as(hex(inside)).isNull();
            } else {
                assertThat(t).as(hex(inside)).isInstanceOf(ApiException.class);
                assertThat(((ApiException) t).code()).isEqualTo("malformed_json");
                assertThat(((ApiException) t).field()).isEqualTo("[0]");
            }
        }
        assertThat(valid).as("both outcomes are exercised").isBetween(1000, 19_000);
    }

    @Test
    void parse_mutatedBodies_answerOnlyApiExceptions() {
        byte[] seed = ("{\"events\":[{\"id\":\"0b5c8f0e-7d0a-4a37-9a39-3f1f2f9b1a11\",\"provider\":\"openai\","
                + "\"model\":\"gpt-4o\",\"input_tokens\":1.2e3,\"tags\":{\"k\":\"v\\u00e9\\ud83d\\ude00\"}}],"
                + "\"n\":[1,-2.5e-3,true,false,null]}").getBytes(StandardCharsets.UTF_8);
        Random random = new Random(11);
        for (int run = 0; run < 20_000; run++) {
            byte[] body = seed.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int at = random.nextInt(body.length);
                body[at] = switch (random.nextInt(4)) {
                    case 0 -> (byte) random.nextInt(256);
                    case 1 -> (byte) "\\u0\"{}[],:e.-+".charAt(random.nextInt(14));
                    case 2 -> (byte) ('0' + random.nextInt(10));
                    default -> (byte) ('a' + random.nextInt(26));
                };
            }
            Throwable t = catchThrowable(() -> JsonBodies.parseBatch(body, "events"));
            if (t != null) {
                assertThat(t).as(new String(body, StandardCharsets.ISO_8859_1)).isInstanceOf(ApiException.class);
                assertThat(((ApiException) t).status()).isEqualTo(400);
            }
        }
    }

    @Test
    void parse_fractionsAreExactDecimals_integersStayIntegers() {
        JsonNode n = JsonBodies.parse("[0.1, 1200.0, 1e400, 7, 9223372036854775808]".getBytes(StandardCharsets.UTF_8));
        assertThat(n.get(0).isBigDecimal()).isTrue();
        assertThat(n.get(0).decimalValue()).isEqualTo("0.1");
        assertThat(n.get(1).decimalValue().toPlainString()).isEqualTo("1200.0");
        assertThat(n.get(2).decimalValue().precision()).isEqualTo(1);
        assertThat(n.get(3).isInt()).isTrue();
        assertThat(n.get(4).isBigInteger()).isTrue();
    }

    @Test
    void parseBatch_defectInAnItem_isRecordedAgainstIt_restIsRead() {
        JsonBodies.Batch b = JsonBodies.parseBatch(("{\"events\":[{\"a\":1},{\"a\":\"x\\u0000\"},{\"a\":1,\"a\":2},"
                + "{\"a\":1e9999999999},{\"a\":2}],\"other\":true}").getBytes(StandardCharsets.UTF_8), "events");
        assertThat(b.root().get("events")).hasSize(5);
        assertThat(b.root().get("other").booleanValue()).isTrue();
        assertThat(b.defect(0)).isNull();
        assertThat(b.defect(1).field()).isEqualTo("events[1].a");
        assertThat(b.defect(2).field()).isEqualTo("events[2].a");
        assertThat(b.defect(2).getMessage()).contains("more than once");
        assertThat(b.defect(3).field()).isEqualTo("events[3].a");
        assertThat(b.defect(4)).isNull();
    }

    @Test
    void parseBatch_defectOutsideTheItems_refusesTheBody() {
        assertThatThrownBy(() -> JsonBodies.parseBatch("{\"events\":[{}],\"x\":\"\\ud800\"}"
                .getBytes(StandardCharsets.UTF_8), "events"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("x"));
        assertThatThrownBy(() -> JsonBodies.parseBatch("{\"other\":[\"\\u0000\"]}"
                .getBytes(StandardCharsets.UTF_8), "events"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("other[0]"));
    }

    @Test
    void parse_topLevelStringWithNul_400WithoutField() {
        assertThatThrownBy(() -> JsonBodies.parse("\"\\u0000\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.field()).isNull();
                    assertThat(e.getMessage()).contains("NUL");
                });
    }

    @Test
    void parse_utf16Body_isRefused_notGuessed() {
        byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> JsonBodies.parse(utf16))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("malformed_json"));
    }

    private static boolean strictlyUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02X ", x & 0xFF));
        }
        return sb.toString();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

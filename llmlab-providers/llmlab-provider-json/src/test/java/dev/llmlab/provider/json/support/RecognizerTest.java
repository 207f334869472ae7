package dev.llmlab.provider.json.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.llmlab.provider.json.FastJsonParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecognizerTest {
    private static final JsonFactory JSON = new JsonFactory();

    /** Ours: an object whose first member is {@code "acme"}. */
    private static final FastJsonParser.Reader<Boolean> ACME = p -> p.nextToken() == JsonToken.START_OBJECT
            && p.nextToken() == JsonToken.FIELD_NAME && "acme".equals(p.currentName());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recognizes_readsTheFirstMembers_onBothParsers() {
        Recognizer acme = Recognizer.of(JSON, ACME);
        for (String body : new String[] {"{\"acme\": 1, \"rest\": [1,2]}", "{\"other\": 1}",
            "{\"acme\": 1, \"rest\": [" /* the first members suffice */}) {
            assertThat(acme.recognizes(utf8(body))).as(body).isEqualTo(body.startsWith("{\"acme\""));
            assertThat(acme.recognizesWithJackson(utf8(body))).as(body).isEqualTo(body.startsWith("{\"acme\""));
        }
    }

    @Test
    void recognizes_unreadableOrThrowing_isNotOurs() {
        assertThat(Recognizer.of(JSON, ACME).recognizes(new byte[] {0, 0, 0, '{', -1, -1, -1, -1})).isFalse();
        FastJsonParser.Reader<Boolean> failing = (JsonParser p) -> {
            throw new IllegalStateException("bug");
        };
        assertThat(Recognizer.of(JSON, failing).recognizes(utf8("{}"))).isFalse();
    }

    @Test
    void recognizes_aStream_byItsFirstEventsOfItsFirstBytes() {
        byte[] body = utf8(": hello\n\ndata: {\"other\":1}\n\ndata: {\"acme\":1}\n\n");
        assertThat(Recognizer.of(JSON, ACME).withStreams(body.length, 2, ACME).recognizes(body)).isTrue();
        assertThat(Recognizer.of(JSON, ACME).withStreams(body.length, 1, ACME).recognizes(body)).isFalse();
        // the second event starts after the first 30 bytes
        assertThat(Recognizer.of(JSON, ACME).withStreams(30, 8, ACME).recognizes(body)).isFalse();
        assertThat(Recognizer.of(JSON, ACME).recognizes(body)).as("streams not asked for").isFalse();
    }

    @Test
    void recognizes_anEventItCannotRead_leavesTheAnswerToTheNext() {
        byte[] body = utf8("data: {not json\n\ndata: [DONE]\n\ndata: {\"acme\":1}\n\n");
        assertThat(Recognizer.of(JSON, ACME).withStreams(body.length, 2, ACME).recognizes(body)).isTrue();
    }
}

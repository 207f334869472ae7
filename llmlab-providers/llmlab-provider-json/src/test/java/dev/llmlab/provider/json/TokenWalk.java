package dev.llmlab.provider.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a reader can learn from a parser, token by token, until the end or the first
 * failure: the list two parsers must agree on.
 */
final class TokenWalk {
    static final JsonFactory JACKSON = new JsonFactory();

    final List<String> tokens = new ArrayList<>();
    /** Null when the walk reached the end of the input. */
    Throwable failure;

    /**
     * @param body the input
     * @param skipEvery skip the children of every n-th container start (0: never)
     */
    static TokenWalk fast(byte[] body, int skipEvery) {
        return walk(new FastJsonParser(body), skipEvery);
    }

    static TokenWalk jackson(byte[] body, int skipEvery) {
        try {
            return walk(JACKSON.createParser(body), skipEvery);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TokenWalk walk(JsonParser p, int skipEvery) {
        TokenWalk w = new TokenWalk();
        int starts = 0;
        try (p) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                String d = describe(p, t);
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    starts++;
                    if (skipEvery > 0 && starts % skipEvery == 0) {
                        p.skipChildren();
                        d += " skipped to " + p.currentToken() + " name=" + p.currentName();
                    }
                }
                w.tokens.add(d);
            }
        } catch (IOException | RuntimeException e) {
            w.failure = e;
        }
        return w;
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        StringBuilder s = new StringBuilder(t.name()).append(" name=").append(p.currentName());
        switch (t) {
            case FIELD_NAME:
            case VALUE_STRING:
            case VALUE_NUMBER_FLOAT:
                s.append(" text=").append(p.getText());
                break;
            case VALUE_NUMBER_INT:
                s.append(" text=").append(p.getText());
                JsonParser.NumberType type = p.getNumberType();
                s.append(' ').append(type);
                if (type != JsonParser.NumberType.BIG_INTEGER) {
                    s.append('=').append(p.getLongValue());
                } else {
                    s.append('=').append(p.getBigIntegerValue());
                }
                break;
            default:
                s.append(" text=").append(p.getText());
        }
        return s.toString();
    }

    boolean declined() {
        return failure instanceof FastJsonParser.Declined;
    }

    @Override
    public String toString() {
        return tokens + (failure == null ? " <end>" : " <" + failure + ">");
    }
}

package dev.llmlab.provider.json.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.util.Objects;

/**
 * How a provider reader words its errors: the one place that quotes a value in "expected X, got
 * Y" messages ({@link #describe}), clips long text ({@link #clip}) and reports malformed JSON
 * with its line and column ({@link #malformed}). Immutable and thread-safe; each reader holds one,
 * configured once with the wording its users already see:
 *
 * <pre>{@code
 * static final ReaderMessages MESSAGES = ReaderMessages.clippingAt(60, "...").namingTruncatedJson();
 * ...
 * throw new UsageParseException(path + ": expected an object, got " + MESSAGES.describe(p, token));
 * }</pre>
 */
public final class ReaderMessages {
    private final int maxChars;
    private final String ellipsis;
    private final boolean namingTruncatedJson;
    private final boolean clippingParserMessages;
    private final boolean positionLast;
    private final String unreadableBody;

    private ReaderMessages(int maxChars, String ellipsis, boolean namingTruncatedJson, boolean clippingParserMessages,
            boolean positionLast, String unreadableBody) {
        this.maxChars = maxChars;
        this.ellipsis = ellipsis;
        this.namingTruncatedJson = namingTruncatedJson;
        this.clippingParserMessages = clippingParserMessages;
        this.positionLast = positionLast;
        this.unreadableBody = unreadableBody;
    }

    /**
     * Messages that quote at most {@code maxChars} characters of a value, then the ellipsis;
     * malformed JSON reads {@code "<prefix>malformed JSON at line L, column C: <parser's message>"}
     * and a body Jackson cannot decode {@code "unreadable body: <reason>"}.
     *
     * @param maxChars how many characters of a value to quote, at least 1
     * @param ellipsis what marks a clipped value, e.g. {@code "..."}; not null
     * @return the messages
     * @throws IllegalArgumentException when {@code maxChars} is below 1
     */
    public static ReaderMessages clippingAt(int maxChars, String ellipsis) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1, got " + maxChars);
        }
        return new ReaderMessages(maxChars, Objects.requireNonNull(ellipsis, "ellipsis"), false, false, false,
                "unreadable body: ");
    }

    /**
     * @return these messages, saying {@code "truncated JSON (the input ends too early)"} instead
     *     of {@code "malformed JSON"} when the input ends inside the document
     */
    public ReaderMessages namingTruncatedJson() {
        return new ReaderMessages(maxChars, ellipsis, true, clippingParserMessages, positionLast, unreadableBody);
    }

    /** @return these messages, clipping the parser's message in a malformed-JSON report too */
    public ReaderMessages clippingParserMessages() {
        return new ReaderMessages(maxChars, ellipsis, namingTruncatedJson, true, positionLast, unreadableBody);
    }

    /**
     * @return these messages, giving the position after the parser's message:
     *     {@code "<prefix>malformed JSON: <parser's message> at line L, column C"}
     */
    public ReaderMessages positionLast() {
        return new ReaderMessages(maxChars, ellipsis, namingTruncatedJson, clippingParserMessages, true,
                unreadableBody);
    }

    /**
     * @param prefix what starts the message when Jackson cannot decode a body (an I/O error other
     *     than malformed JSON, such as an invalid UTF-32 sequence), e.g. {@code "cannot read the body: "}
     * @return these messages with that wording
     */
    public ReaderMessages unreadableBodyAs(String prefix) {
        return new ReaderMessages(maxChars, ellipsis, namingTruncatedJson, clippingParserMessages, positionLast,
                Objects.requireNonNull(prefix, "prefix"));
    }

    /**
     * @param s the text; null reads as empty
     * @return the text, cut to the configured length and marked when it was longer
     */
    public String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= maxChars ? s : s.substring(0, maxChars) + ellipsis;
    }

    /**
     * Describes a token for "expected X, got Y" messages: {@code an object}, {@code an array},
     * {@code null}, a string quoted and clipped, a number or boolean as written (clipped), or
     * {@code the end of the input}.
     *
     * @param p the parser, positioned on the token
     * @param t the token; null at the end of the input
     * @return the description
     * @throws IOException when the parser cannot give the token's text
     */
    public String describe(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return "the end of the input";
        }
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return '"' + clip(p.getText()) + '"';
            case VALUE_NULL:
                return "null";
            case VALUE_TRUE:
            case VALUE_FALSE:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return clip(p.getText());
            default:
                return t.asString() == null ? t.name() : t.asString();
        }
    }

    /**
     * {@link #describe(JsonParser, JsonToken)} of the parser's current token.
     *
     * @param p the parser
     * @return the description
     * @throws IOException when the parser cannot give the token's text
     */
    public String describe(JsonParser p) throws IOException {
        return describe(p, p.currentToken());
    }

    /**
     * @param location where something is; null or unknown reads as nowhere
     * @return {@code " at line L, column C"}, or empty when the location is not known
     */
    public static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * Reports JSON that Jackson could not parse, with its line and column.
     *
     * @param prefix what starts the message, e.g. {@code "event 3 of 5: "}; empty for none
     * @param e Jackson's exception
     * @return the exception to throw, caused by {@code e}
     */
    public UsageParseException malformed(String prefix, JsonProcessingException e) {
        String what = namingTruncatedJson && e instanceof JsonEOFException
                ? "truncated JSON (the input ends too early)" : "malformed JSON";
        String message = clippingParserMessages ? clip(e.getOriginalMessage()) : e.getOriginalMessage();
        String where = at(e.getLocation());
        return new UsageParseException(positionLast ? prefix + what + ": " + message + where
                : prefix + what + where + ": " + message, e);
    }

    /**
     * Reads a body with Jackson's parser, reporting malformed JSON with {@link #malformed} and
     * input Jackson cannot decode in this reader's words.
     *
     * @param <T> what the reader produces
     * @param json the reader's factory; not null
     * @param body the body; not null
     * @param reader the reader, the same one that runs over {@link FastJsonParser}; not null
     * @return what the reader read
     * @throws UsageParseException when the body is malformed, or the reader's own
     */
    public <T> T readWithJackson(JsonFactory json, byte[] body, FastJsonParser.Reader<T> reader) {
        try (JsonParser p = json.createParser(body)) {
            return reader.read(p);
        } catch (JsonProcessingException e) {
            throw malformed("", e);
        } catch (IOException e) {
            throw new UsageParseException(unreadableBody + e.getMessage(), e);
        }
    }
}

package dev.llmlab.provider.json;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.base.ParserMinimalBase;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A strict JSON parser over a UTF-8 byte array, behind Jackson's {@link JsonParser} API, built for
 * the one job provider adapters do most: step over a response body of a few kilobytes and read the
 * handful of members that carry usage. It skips string contents eight bytes at a time, keeps field
 * names it has seen before as shared strings, and decodes a value only when asked for it.
 *
 * <p>It reads a strict subset of what Jackson reads, and reads it exactly as Jackson does: for a
 * document it accepts, every token, field name, text and number it reports is what Jackson's own
 * parser would report. Anything outside the subset — malformed JSON, a byte-order mark, nesting
 * deeper than {@value #MAX_DEPTH}, an integer asked for as a {@code long} that does not fit 18
 * digits, a method this parser does not implement — throws {@link Declined}, and the caller
 * reads the same bytes again with Jackson, which then produces the result or the precise error
 * message with line and column. {@link #read} does exactly that.
 *
 * <pre>{@code
 * Usage usage = FastJsonParser.read(body, MyReader::readDocument,
 *         () -> MyReader.readDocument(JACKSON.createParser(body)));
 * }</pre>
 *
 * <p>Not thread-safe (one parser per document), like every {@link JsonParser}.
 */
public final class FastJsonParser extends ParserMinimalBase {
    /** Containers nested deeper than this are left to Jackson. */
    public static final int MAX_DEPTH = 128;
    /** Numbers longer than this (in characters) are left to Jackson, whose limits are higher. */
    private static final int MAX_NUMBER_LENGTH = 100;
    /** Field names longer than this (in bytes) are left to Jackson. */
    private static final int MAX_NAME_LENGTH = 10_000;
    /** String values longer than this (in bytes) are not decoded here, whatever Jackson's limit. */
    private static final int MAX_TEXT_LENGTH = 10_000_000;
    /** At most this many digits always fit a long. */
    private static final int MAX_LONG_DIGITS = 18;

    /**
     * Field names seen before, shared across parsers: a name is then matched against its bytes
     * instead of allocated again, and its hash is already known to the {@code switch} reading it.
     * Short plain string values (a model, an object type) share it. Races between threads only
     * cost a cache miss: entries are immutable. 4096 slots.
     */
    private static final Name[] NAMES = new Name[4096];
    private static final int MAX_CACHED_NAME = 64;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    private static final int STRING_ESCAPED = 1;
    private static final int STRING_NON_ASCII = 2;

    private static final Declined DECLINED = new Declined();

    /**
     * Thrown when the input or a call is outside what {@link FastJsonParser} handles; the caller
     * reads the input again with Jackson. Carries no stack trace and no message: it is control
     * flow, never reported.
     */
    public static final class Declined extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Declined() {
            super("outside the strict JSON subset read by FastJsonParser", null, false, false);
        }
    }

    /**
     * Reads a document from a parser; the same code runs over this parser and over Jackson's.
     *
     * @param <T> what the reader produces
     */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * @param parser positioned before the first token
         * @return what was read
         * @throws IOException as Jackson's parser throws it
         */
        T read(JsonParser parser) throws IOException;
    }

    /**
     * What to do when the fast parser declines or the reader fails over it: read again, with
     * Jackson, and produce the result or the error message a user sees.
     *
     * @param <T> what the reader produces
     */
    @FunctionalInterface
    public interface Fallback<T> {
        /** @return what was read */
        T read();
    }

    private final byte[] buf;
    private final int end;
    private int pos;
    private boolean closed;

    /** Depth of the current container; 0 outside the root value. */
    private int depth;
    /** Per depth: true for an array, false for an object. */
    private boolean[] arrays = new boolean[16];
    /** Per depth: the object's current field name (null in arrays and at the root). */
    private String[] names = new String[16];
    /** True right after a container opened: its first member needs no comma. */
    private boolean first;
    private boolean rootDone;

    // the current scalar token, as a span of buf
    private int tokenStart;
    private int tokenEnd;
    private int stringFlags;
    private long longValue;
    private boolean longFits;
    private String text;

    /**
     * A parser over the whole array.
     *
     * @param body UTF-8 JSON; not null, not copied (do not change it while parsing)
     */
    public FastJsonParser(byte[] body) {
        this(body, 0, body.length);
    }

    /**
     * A parser over {@code body[offset, offset + length)}.
     *
     * @param body UTF-8 JSON; not null, not copied (do not change it while parsing)
     * @param offset where the document starts
     * @param length how many bytes it has
     * @throws IndexOutOfBoundsException when the range is not inside the array
     */
    public FastJsonParser(byte[] body, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, body.length);
        this.buf = body;
        this.pos = offset;
        this.end = offset + length;
    }

    /**
     * Reads {@code body} with {@code reader} over a fast parser, and reads it again with
     * {@code fallback} when the fast parser declines or the reader throws anything: errors, and
     * their messages with Jackson's line and column, always come from the fallback.
     *
     * @param <T> the result type
     * @param body the document; not null
     * @param reader the reader, run over a {@code FastJsonParser}; not null
     * @param fallback the same reading over Jackson's parser; not null
     * @return what the reader or the fallback returned
     */
    public static <T> T read(byte[] body, Reader<T> reader, Fallback<T> fallback) {
        return read(body, 0, body.length, reader, fallback);
    }

    /**
     * {@link #read(byte[], Reader, Fallback)} over {@code body[offset, offset + length)}.
     *
     * @param <T> the result type
     * @param body the bytes; not null
     * @param offset where the document starts
     * @param length its length in bytes
     * @param reader the reader, run over a {@code FastJsonParser}; not null
     * @param fallback the same reading over Jackson's parser; not null
     * @return what the reader or the fallback returned
     */
    public static <T> T read(byte[] body, int offset, int length, Reader<T> reader, Fallback<T> fallback) {
        T result = tryRead(body, offset, length, reader);
        return result != null ? result : fallback.read();
    }

    /**
     * Reads {@code body} with {@code reader} over a fast parser.
     *
     * @param <T> the result type
     * @param body the document; not null
     * @param offset where the document starts
     * @param length its length in bytes
     * @param reader the reader; not null
     * @return the reader's result, or null when the parser declined or the reader threw
     */
    public static <T> T tryRead(byte[] body, int offset, int length, Reader<T> reader) {
        try (FastJsonParser p = new FastJsonParser(body, offset, length)) {
            return reader.read(p);
        } catch (IOException | RuntimeException e) {
            // Declined, or an error the reader reports: the fallback reads again and reports it
            return null;
        }
    }

    // ---------------------------------------------------------------- tokens

    @Override
    public JsonToken nextToken() throws IOException {
        text = null;
        int c = skipWhitespace();
        if (_currToken != JsonToken.FIELD_NAME) {
            if (depth == 0) {
                if (rootDone || closed) {
                    if (c < 0) {
                        return _currToken = null;
                    }
                    throw DECLINED; // a second root value: left to Jackson
                }
            } else {
                if (c == '}' || c == ']') {
                    // after a comma the next member is read at once: a close follows '{', '[' or a value
                    return _currToken = close(c);
                }
                if (first) {
                    first = false;
                } else {
                    if (c != ',') {
                        throw DECLINED;
                    }
                    pos++;
                    c = skipWhitespace();
                }
                if (!arrays[depth]) {
                    return _currToken = member(c);
                }
            }
        }
        return _currToken = value(c);
    }

    /** Reads a member's name and the colon after it. */
    private JsonToken member(int c) {
        if (c != '"') {
            throw DECLINED;
        }
        pos++;
        names[depth] = name();
        if (pos < end && buf[pos] == ':') {
            pos++;
        } else if (skipWhitespace() == ':') {
            pos++;
        } else {
            throw DECLINED;
        }
        return JsonToken.FIELD_NAME;
    }

    /** Reads the value starting at {@code c} (the byte at {@code pos}), or declines. */
    private JsonToken value(int c) {
        switch (c) {
            case '{':
                pos++;
                open(false);
                return JsonToken.START_OBJECT;
            case '[':
                pos++;
                open(true);
                return JsonToken.START_ARRAY;
            case '"':
                tokenStart = pos + 1;
                tokenEnd = scanString(pos + 1);
                pos = tokenEnd + 1;
                endOfRoot();
                return JsonToken.VALUE_STRING;
            case 't':
                literal('r', 'u', 'e');
                return JsonToken.VALUE_TRUE;
            case 'f':
                if (pos + 1 >= end || buf[pos + 1] != 'a') {
                    throw DECLINED;
                }
                pos++; // "alse" is read like "true" and "null"
                literal('l', 's', 'e');
                return JsonToken.VALUE_FALSE;
            case 'n':
                literal('u', 'l', 'l');
                return JsonToken.VALUE_NULL;
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw DECLINED;
        }
    }

    /** The rest of a literal whose first byte is at {@code pos}. */
    private void literal(char b, char c, char d) {
        if (pos + 4 > end || buf[pos + 1] != b || buf[pos + 2] != c || buf[pos + 3] != d) {
            throw DECLINED;
        }
        pos += 4;
        endOfLiteral();
    }

    /** A literal ends at a delimiter ({@code truex} is no {@code true}). */
    private void endOfLiteral() {
        if (pos < end) {
            int c = buf[pos];
            if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                throw DECLINED;
            }
        }
        endOfRoot();
    }

    /** A scalar at the root is the whole document. */
    private void endOfRoot() {
        if (depth == 0) {
            rootDone = true;
        }
    }

    private void open(boolean array) {
        if (depth == MAX_DEPTH) {
            throw DECLINED;
        }
        depth++;
        if (depth == arrays.length) {
            arrays = Arrays.copyOf(arrays, depth * 2);
            names = Arrays.copyOf(names, depth * 2);
        }
        arrays[depth] = array;
        names[depth] = null;
        first = true;
    }

    private JsonToken close(int c) {
        boolean array = arrays[depth];
        if (array != (c == ']')) {
            throw DECLINED;
        }
        pos++;
        depth--;
        first = false;
        endOfRoot();
        return array ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
    }

    /** Skips JSON whitespace; returns the byte at {@code pos}, or -1 at the end. */
    private int skipWhitespace() {
        int i = pos;
        if (i < end) {
            int c = buf[i] & 0xFF;
            if (c > ' ') {
                return c; // compact JSON, or the value after ": "
            }
            if (c == '\n' && i + 9 <= end) {
                // a new line and its indentation, up to seven spaces, in one look
                long x = (long) LONGS.get(buf, i + 1) ^ SPACES;
                if (x != 0) {
                    int j = i + 1 + (Long.numberOfTrailingZeros(x) >>> 3);
                    c = buf[j] & 0xFF;
                    if (c > ' ') {
                        pos = j;
                        return c;
                    }
                }
            }
        }
        return skipSpaces(i);
    }

    private int skipSpaces(int i) {
        byte[] b = buf;
        while (true) {
            if (i + 8 <= end) {
                // step over a run of spaces (the indentation of pretty-printed bodies) at once
                long x = (long) LONGS.get(b, i) ^ SPACES;
                if (x == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(x) >>> 3;
            } else if (i >= end) {
                pos = i;
                return -1;
            }
            int c = b[i];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                i++;
                continue;
            }
            pos = i;
            return c & 0xFF;
        }
    }

    /**
     * Scans a string's contents from {@code i} (just after the opening quote), validating escapes
     * and UTF-8, eight bytes at a time while there is nothing to look at.
     *
     * @return the index of the closing quote; {@link #stringFlags} says what was inside
     */
    private int scanString(int i) {
        byte[] b = buf;
        int limit = end;
        int flags = 0;
        while (true) {
            while (i + 8 <= limit) {
                long special = special((long) LONGS.get(b, i));
                if (special == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(special) >>> 3;
                break;
            }
            if (i >= limit) {
                throw DECLINED; // unterminated
            }
            int c = b[i] & 0xFF;
            if (c == '"') {
                stringFlags = flags;
                return i;
            }
            if (c == '\\') {
                flags |= STRING_ESCAPED;
                i = skipEscape(i);
            } else if (c >= 0x80) {
                flags |= STRING_NON_ASCII;
                i = skipUtf8(i, c);
            } else if (c < 0x20) {
                throw DECLINED; // a raw control character
            } else {
                i++;
            }
        }
    }

    /**
     * Marks (with its high bit) each byte of {@code w} that is '"', '\\', below 0x20 or above 0x7F.
     * Exact for the lowest such byte; bytes above it may be marked falsely (borrows), which costs
     * only a look at them.
     */
    private static long special(long w) {
        long q = w ^ QUOTES;
        long s = w ^ BACKSLASHES;
        return ((q - ONES) & ~q | (s - ONES) & ~s | (w - SPACES) & ~w | w) & HIGHS;
    }

    private int skipEscape(int i) {
        if (i + 1 >= end) {
            throw DECLINED;
        }
        switch (buf[i + 1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return i + 2;
            case 'u':
                if (i + 6 > end) {
                    throw DECLINED;
                }
                for (int k = i + 2; k < i + 6; k++) {
                    hex(buf[k]);
                }
                return i + 6;
            default:
                throw DECLINED;
        }
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw DECLINED;
    }

    /**
     * Validates one UTF-8 sequence starting with lead byte {@code c} at {@code i} by the Unicode
     * standard's table of well-formed sequences (no overlong forms, no surrogates, nothing above
     * U+10FFFF), so that decoding it agrees with every decoder.
     *
     * @return the index after the sequence
     */
    private int skipUtf8(int i, int c) {
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            throw DECLINED;
        }
        if (i + n >= end) {
            throw DECLINED;
        }
        int second = buf[i + 1] & 0xFF;
        if (second < lo || second > hi) {
            throw DECLINED;
        }
        for (int k = i + 2; k <= i + n; k++) {
            if ((buf[k] & 0xC0) != 0x80) {
                throw DECLINED;
            }
        }
        return i + n + 1;
    }

    /** Reads a field name after its opening quote; plain ASCII names come from the shared cache. */
    private String name() {
        int start = pos;
        int close = scanString(start);
        pos = close + 1;
        int len = close - start;
        if (stringFlags != 0 || len > MAX_CACHED_NAME) {
            checkNameLength(len);
            return decode(start, close, stringFlags);
        }
        return shared(start, len);
    }

    /**
     * The string of the plain ASCII bytes {@code [start, start + len)}, at most
     * {@value #MAX_CACHED_NAME} of them: from the shared cache when they were seen before.
     */
    private String shared(int start, int len) {
        byte[] b = buf;
        long head;
        long tail;
        long second = 0;
        long third = 0;
        if (len >= 8) {
            head = (long) LONGS.get(b, start);
            tail = (long) LONGS.get(b, start + len - 8);
            if (len > 16) {
                second = (long) LONGS.get(b, start + 8); // ephemeral_5m_input_tokens, ephemeral_1h_...
                if (len > 24) {
                    third = (long) LONGS.get(b, start + 16);
                }
            }
        } else if (start + 8 <= end) {
            head = (long) LONGS.get(b, start) & (1L << (len << 3)) - 1;
            tail = head;
        } else {
            return new String(b, start, len, StandardCharsets.ISO_8859_1);
        }
        long hash = head * 0x9E3779B97F4A7C15L ^ tail * 0xC2B2AE3D27D4EB4FL ^ second * 0x165667B19E3779F9L ^ len;
        // two places a string may live (bits 52-63 and 40-51 of the hash), so that two hot names
        // rarely push each other out
        int one = (int) (hash >>> 52);
        int two = (int) (hash >>> 40) & (NAMES.length - 1);
        Name cached = NAMES[one];
        if (cached != null && cached.is(head, tail, second, third, len) && (len <= 32 || cached.sameRest(b, start))) {
            return cached.string;
        }
        cached = NAMES[two];
        if (cached != null && cached.is(head, tail, second, third, len) && (len <= 32 || cached.sameRest(b, start))) {
            return cached.string;
        }
        // interned, as Jackson interns names: a reader's switch then matches its literal by identity
        String string = new String(b, start, len, StandardCharsets.ISO_8859_1).intern();
        Name name = new Name(head, tail, second, third, len, len > 32 ? Name.rest(b, start, len) : null, string);
        NAMES[NAMES[one] == null || NAMES[two] != null ? one : two] = name;
        return string;
    }

    /**
     * One cached string; immutable, so that threads sharing the cache never see half an entry.
     * Its first, second, third and last eight bytes and its length are the string itself up to
     * 32 bytes; longer ones keep the eight-byte words between.
     */
    private static final class Name {
        final long head;
        final long tail;
        final long second;
        final long third;
        final int length;
        final long[] rest;
        final String string;

        Name(long head, long tail, long second, long third, int length, long[] rest, String string) {
            this.head = head;
            this.tail = tail;
            this.second = second;
            this.third = third;
            this.length = length;
            this.rest = rest;
            this.string = string;
        }

        /** The words at offsets 24, 32, ... before the last eight bytes. */
        static long[] rest(byte[] b, int start, int len) {
            long[] words = new long[(len - 25) / 8];
            for (int k = 0; k < words.length; k++) {
                words[k] = (long) LONGS.get(b, start + 24 + 8 * k);
            }
            return words;
        }

        boolean is(long head, long tail, long second, long third, int length) {
            return this.head == head && this.tail == tail && this.second == second && this.third == third
                    && this.length == length;
        }

        boolean sameRest(byte[] b, int start) {
            for (int k = 0; k < rest.length; k++) {
                if ((long) LONGS.get(b, start + 24 + 8 * k) != rest[k]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static void checkNameLength(int len) {
        if (len > MAX_NAME_LENGTH) {
            throw DECLINED;
        }
    }

    private JsonToken number() {
        byte[] b = buf;
        int start = pos;
        int i = start;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        int digitsStart = i;
        long value = 0;
        int c;
        while (i < end && (c = b[i]) >= '0' && c <= '9') {
            value = value * 10 + (c - '0');
            i++;
        }
        int digits = i - digitsStart;
        if (digits == 0 || digits > 1 && b[digitsStart] == '0') {
            throw DECLINED; // no digits, or a leading zero
        }
        tokenStart = start;
        if (i < end && ((c = b[i]) == '.' || c == 'e' || c == 'E')) {
            return fraction(i);
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw DECLINED;
        }
        tokenEnd = i;
        pos = i;
        endOfRoot();
        longFits = digits <= MAX_LONG_DIGITS; // beyond, value has overflowed: never read
        longValue = negative ? -value : value;
        return JsonToken.VALUE_NUMBER_INT;
    }

    /** The fraction and exponent of a number whose integer part ends at {@code i}. */
    private JsonToken fraction(int i) {
        byte[] b = buf;
        if (b[i] == '.') {
            i = digits(i + 1);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            i = digits(i);
        }
        if (i - tokenStart > MAX_NUMBER_LENGTH) {
            throw DECLINED;
        }
        tokenEnd = i;
        pos = i;
        endOfRoot();
        longFits = false;
        return JsonToken.VALUE_NUMBER_FLOAT;
    }

    /** One or more digits from {@code i}; returns the index after them. */
    private int digits(int i) {
        int start = i;
        while (i < end && buf[i] >= '0' && buf[i] <= '9') {
            i++;
        }
        if (i == start) {
            throw DECLINED;
        }
        return i;
    }

    /**
     * Skips the children of the container just opened, validating them, and leaves the parser on
     * its closing token, as Jackson does; a no-op on any other token.
     */
    @Override
    public JsonParser skipChildren() throws IOException {
        if (_currToken != JsonToken.START_OBJECT && _currToken != JsonToken.START_ARRAY) {
            return this;
        }
        // nextToken's grammar, without reporting tokens: names are validated, never decoded
        int target = depth - 1;
        while (true) {
            int c = skipWhitespace();
            if (c == '}' || c == ']') {
                JsonToken closed = close(c);
                if (depth == target) {
                    _currToken = closed;
                    text = null;
                    return this;
                }
                continue;
            }
            if (first) {
                first = false;
            } else {
                if (c != ',') {
                    throw DECLINED;
                }
                pos++;
                c = skipWhitespace();
            }
            if (!arrays[depth]) {
                if (c != '"') {
                    throw DECLINED;
                }
                int close = scanString(pos + 1);
                checkNameLength(close - pos - 1);
                pos = close + 1;
                if (skipWhitespace() != ':') {
                    throw DECLINED;
                }
                pos++;
                c = skipWhitespace();
            }
            value(c);
        }
    }

    // ---------------------------------------------------------------- values

    @Override
    public String getCurrentName() {
        JsonToken t = _currToken;
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            return names[depth - 1];
        }
        return names[depth];
    }

    @Override
    public String getText() {
        JsonToken t = _currToken;
        if (t == null) {
            return null;
        }
        switch (t) {
            case FIELD_NAME:
                return getCurrentName();
            case VALUE_STRING:
                if (text == null) {
                    if (tokenEnd - tokenStart > MAX_TEXT_LENGTH) {
                        throw DECLINED;
                    }
                    int len = tokenEnd - tokenStart;
                    text = stringFlags == 0 && len <= MAX_CACHED_NAME ? shared(tokenStart, len)
                            : decode(tokenStart, tokenEnd, stringFlags);
                }
                return text;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                if (text == null) {
                    text = new String(buf, tokenStart, tokenEnd - tokenStart, StandardCharsets.ISO_8859_1);
                }
                return text;
            default:
                return t.asString();
        }
    }

    /** Decodes a validated string span; {@code flags} from {@link #scanString}. */
    private String decode(int start, int close, int flags) {
        if ((flags & STRING_ESCAPED) == 0) {
            return new String(buf, start, close - start,
                    (flags & STRING_NON_ASCII) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        StringBuilder s = new StringBuilder(close - start);
        int i = start;
        int run = start;
        while (i < close) {
            if (buf[i] != '\\') {
                i++;
                continue;
            }
            if (i > run) {
                s.append(new String(buf, run, i - run, StandardCharsets.UTF_8));
            }
            int e = buf[i + 1];
            switch (e) {
                case 'b':
                    s.append('\b');
                    break;
                case 'f':
                    s.append('\f');
                    break;
                case 'n':
                    s.append('\n');
                    break;
                case 'r':
                    s.append('\r');
                    break;
                case 't':
                    s.append('\t');
                    break;
                case 'u':
                    s.append((char) (hex(buf[i + 2]) << 12 | hex(buf[i + 3]) << 8 | hex(buf[i + 4]) << 4
                            | hex(buf[i + 5])));
                    i += 4;
                    break;
                default:
                    s.append((char) e); // '"', '\\' and '/'
            }
            i += 2;
            run = i;
        }
        if (close > run) {
            s.append(new String(buf, run, close - run, StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    @Override
    public char[] getTextCharacters() {
        String s = getText();
        return s == null ? null : s.toCharArray();
    }

    @Override
    public boolean hasTextCharacters() {
        return false;
    }

    @Override
    public int getTextLength() {
        String s = getText();
        return s == null ? 0 : s.length();
    }

    @Override
    public int getTextOffset() {
        return 0;
    }

    @Override
    public NumberType getNumberType() {
        if (_currToken != JsonToken.VALUE_NUMBER_INT || !longFits) {
            throw DECLINED;
        }
        return longValue == (int) longValue ? NumberType.INT : NumberType.LONG;
    }

    @Override
    public Number getNumberValue() {
        return getNumberType() == NumberType.INT ? Integer.valueOf((int) longValue) : Long.valueOf(longValue);
    }

    @Override
    public int getIntValue() {
        if (getNumberType() != NumberType.INT) {
            throw DECLINED;
        }
        return (int) longValue;
    }

    @Override
    public long getLongValue() {
        getNumberType();
        return longValue;
    }

    @Override
    public BigInteger getBigIntegerValue() {
        getNumberType();
        return BigInteger.valueOf(longValue);
    }

    @Override
    public float getFloatValue() {
        throw DECLINED;
    }

    @Override
    public double getDoubleValue() {
        throw DECLINED;
    }

    @Override
    public BigDecimal getDecimalValue() {
        throw DECLINED;
    }

    @Override
    public byte[] getBinaryValue(Base64Variant variant) {
        throw DECLINED;
    }

    // ---------------------------------------------------------------- the rest of JsonParser

    @Override
    protected void _handleEOF() {
        throw DECLINED;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public JsonStreamContext getParsingContext() {
        throw DECLINED;
    }

    @Override
    public void overrideCurrentName(String name) {
        throw DECLINED;
    }

    @Override
    public ObjectCodec getCodec() {
        return null;
    }

    @Override
    public void setCodec(ObjectCodec codec) {
        throw DECLINED;
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public JsonLocation getCurrentLocation() {
        throw DECLINED;
    }

    @Override
    public JsonLocation getTokenLocation() {
        throw DECLINED;
    }

    @Override
    public String toString() {
        return "FastJsonParser[at byte " + pos + " of " + end + "]";
    }
}

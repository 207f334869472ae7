package dev.llmlab.provider.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

/**
 * For the differential tests of the fast JSON path: a reader on the fast path must give exactly
 * what the same reader gives over Jackson, result or error message, on any input, golden or
 * mutated.
 */
public final class FastPathAssertions {
    /** Bytes a mutation puts in: JSON's structure, escapes, UTF-8 lead and continuation bytes, controls. */
    private static final byte[] INTERESTING = {'{', '}', '[', ']', ':', ',', '"', '\\', 'u', '0', '9', '-', '+', '.',
        'e', 'E', 't', 'n', 'f', ' ', '\n', '\t', 0, 0x1F, 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC3,
        (byte) 0xE0, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF};

    private FastPathAssertions() {
    }

    /**
     * Asserts that a reader reads {@code body} on the fast path (the parser does not decline) and
     * gets what the Jackson-only reading gets.
     *
     * <pre>{@code
     * assertReadOnTheFastPath(name, body, b -> FastJsonParser.tryRead(b, 0, b.length, Reader::parseDocument),
     *         Reader::parseWithJackson);
     * }</pre>
     *
     * @param <T> the result type
     * @param name the body's name, for messages
     * @param body a well-formed body
     * @param fast the reading over the fast parser: null when the parser declines
     * @param jackson the same reading over Jackson's parser
     */
    public static <T> void assertReadOnTheFastPath(String name, byte[] body, Function<byte[], T> fast,
            Function<byte[], T> jackson) {
        T result = fast.apply(body);
        assertThat(result).as("%s read on the fast path", name).isNotNull();
        assertThat(result).as(name).isEqualTo(jackson.apply(body));
    }

    /**
     * @param seed the random seed
     * @param bodies the bodies to choose from
     * @return one of the bodies, chosen and then mutated ({@link #mutate}) from the seed
     */
    public static byte[] mutatedBody(long seed, List<byte[]> bodies) {
        Random random = new Random(seed);
        return mutate(bodies.get(random.nextInt(bodies.size())), random);
    }

    /**
     * Changes, inserts, removes a random byte or cuts the input short, one to three times.
     *
     * @param original not changed
     * @param random the source of choices
     * @return a new array
     */
    public static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = random.nextInt(b.length);
            byte x = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt();
            switch (random.nextInt(4)) {
                case 0:
                    b[at] = x;
                    break;
                case 1:
                    b = splice(b, at, 0, new byte[] {x});
                    break;
                case 2:
                    b = splice(b, at, 1, new byte[0]);
                    break;
                default:
                    b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        out.write(insert, 0, insert.length);
        out.write(b, at + remove, b.length - at - remove);
        return out.toByteArray();
    }

    /**
     * Asserts that two ways of reading {@code body} return equal results or throw exceptions of one
     * class with one message.
     *
     * @param body the input
     * @param actual the reading under test (through the fast path)
     * @param reference the reading it must agree with (Jackson only)
     */
    public static void assertSameOutcome(byte[] body, Function<byte[], ?> actual, Function<byte[], ?> reference) {
        Object a = outcome(body, actual);
        Object r = outcome(body, reference);
        assertThat(a).as("outcome for input %s", show(body)).isEqualTo(r);
    }

    /**
     * @param body bytes
     * @return the bytes as UTF-8 text, quoted and cut at 300 characters, for assertion messages
     */
    public static String show(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return '\'' + (s.length() > 300 ? s.substring(0, 300) + "..." : s) + '\'';
    }

    private static Object outcome(byte[] body, Function<byte[], ?> reader) {
        try {
            return Objects.requireNonNull(reader.apply(body), "a reader returned null");
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}

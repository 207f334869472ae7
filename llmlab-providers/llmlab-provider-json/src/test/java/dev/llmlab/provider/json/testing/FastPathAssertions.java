package dev.llmlab.provider.json.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import dev.llmlab.provider.json.FastJsonParser;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * For the adapters' tests (this module's test jar): a reader on the fast path must give exactly
 * what the same reader gives over Jackson, result or error message, on any input. (A package of
 * its own: the adapters' tests see it on the class path, beside the module that owns
 * {@code dev.llmlab.provider.json}.)
 */
public final class FastPathAssertions {
    /** Bytes a mutation puts in: JSON's structure, escapes, UTF-8 lead and continuation bytes, controls. */
    private static final byte[] INTERESTING = {'{', '}', '[', ']', ':', ',', '"', '\\', 'u', '0', '9', '-', '+', '.',
        'e', 'E', 't', 'n', 'f', ' ', '\n', '\t', 0, 0x1F, 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC3,
        (byte) 0xE0, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF};

    private FastPathAssertions() {
    }

    /**
     * Asserts that {@code reader} reads {@code body} on the fast path (the parser does not decline)
     * and gets what the Jackson-only reading gets.
     *
     * @param <T> the result type
     * @param name the body's name, for messages
     * @param body a well-formed body
     * @param reader the reader to run over a {@link FastJsonParser}
     * @param jackson the same reading over Jackson's parser
     */
    public static <T> void assertReadOnTheFastPath(String name, byte[] body, FastJsonParser.Reader<T> reader,
            Function<byte[], T> jackson) {
        T fast = FastJsonParser.tryRead(body, 0, body.length, reader);
        assertThat(fast).as("%s read on the fast path", name).isNotNull();
        assertThat(fast).as(name).isEqualTo(jackson.apply(body));
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
     * Every provider's golden files (JSON bodies and streams), found in the sibling modules'
     * {@code src/test/resources}: for tests that feed one adapter the others' bodies too.
     *
     * @return the files, in path order
     */
    public static List<Path> goldenFilePaths() {
        Path providers = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(providers)) {
            List<Path> paths = files.filter(FastPathAssertions::isGoldenFile).sorted().collect(Collectors.toList());
            assertThat(paths).as("golden files under %s", providers).hasSizeGreaterThan(50);
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the bytes of {@link #goldenFilePaths()}, in path order */
    public static List<byte[]> goldenFilesOfAllProviders() {
        List<byte[]> bodies = new ArrayList<>();
        for (Path f : goldenFilePaths()) {
            try {
                bodies.add(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bodies;
    }

    private static boolean isGoldenFile(Path f) {
        String path = f.toString();
        String name = f.getFileName().toString();
        return path.contains("src" + File.separator + "test" + File.separator + "resources")
                && !name.equals("prices.json") && (name.endsWith(".json") || name.endsWith(".jsonl")
                        || name.endsWith(".sse") || name.endsWith(".txt"));
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

package dev.llmlab.provider.json;

import dev.llmlab.provider.testing.FastPathAssertions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fast parser against Jackson on random documents: generated ones written in every style JSON
 * allows (it must read them all, exactly as Jackson does), and the same with random bytes
 * changed, inserted, removed or cut off (it must agree with Jackson token for token, or decline).
 */
class FastJsonParserPropertiesTest {
    @Property(tries = 1500)
    void generatedDocuments_areReadExactlyAsJacksonReadsThem(@ForAll("seeds") long seed) {
        byte[] body = new Writer(new Random(seed)).document();
        FastJsonParserTest.assertAccepted(body);
    }

    @Property(tries = 3000)
    void mutatedDocuments_agreeWithJacksonOrAreDeclined(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        byte[] body = FastPathAssertions.mutate(new Writer(random).document(), random);
        FastJsonParserTest.assertAgreesWithJackson(body);
    }

    @Property(tries = 1500)
    void mutatedProviderBodies_agreeWithJacksonOrAreDeclined(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        List<byte[]> bodies = ProviderBodies.ALL;
        byte[] body = FastPathAssertions.mutate(bodies.get(random.nextInt(bodies.size())), random);
        FastJsonParserTest.assertAgreesWithJackson(body);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** The providers' golden bodies, read once. */
    static final class ProviderBodies {
        static final List<byte[]> ALL = load();

        private static List<byte[]> load() {
            return FastJsonParserTest.providerBodies().map(f -> {
                try {
                    return Files.readAllBytes(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.toList());
        }
    }

    /** Writes a random JSON document in a random but valid style. */
    static final class Writer {
        private final Random random;
        private final StringBuilder out = new StringBuilder();

        Writer(Random random) {
            this.random = random;
        }

        byte[] document() {
            space();
            if (random.nextInt(10) == 0) {
                value(2);
            } else {
                object(0);
            }
            space();
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }

        private void value(int depth) {
            int kind = random.nextInt(depth > 5 ? 5 : 7);
            switch (kind) {
                case 0:
                    string();
                    break;
                case 1:
                    number();
                    break;
                case 2:
                    out.append(random.nextBoolean() ? "true" : "false");
                    break;
                case 3:
                    out.append("null");
                    break;
                case 4:
                    string();
                    break;
                case 5:
                    object(depth + 1);
                    break;
                default:
                    array(depth + 1);
            }
        }

        private void object(int depth) {
            out.append('{');
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                space();
                string();
                space();
                out.append(':');
                space();
                value(depth);
                space();
            }
            if (n == 0) {
                space();
            }
            out.append('}');
        }

        private void array(int depth) {
            out.append('[');
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                space();
                value(depth);
                space();
            }
            out.append(']');
        }

        private void space() {
            int n = random.nextInt(4) == 0 ? random.nextInt(20) : 0;
            for (int i = 0; i < n; i++) {
                out.append(" \n\t\r        ".charAt(random.nextInt(12)));
            }
        }

        private void number() {
            switch (random.nextInt(6)) {
                case 0:
                    out.append(random.nextInt(10));
                    break;
                case 1:
                    out.append(random.nextLong() % 1_000_000_000_000_000_000L); // 18 digits: read as a long
                    break;
                case 2:
                    out.append(random.nextInt());
                    break;
                case 3:
                    out.append(random.nextBoolean() ? "-" : "").append(random.nextInt(1_000_000_000))
                            .append(String.format("%09d", random.nextInt(1_000_000_000)));
                    break;
                case 4:
                    out.append(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
                    break;
                default:
                    out.append(random.nextBoolean() ? "-" : "").append(random.nextInt(100)).append('.')
                            .append(random.nextInt(1000)).append(random.nextBoolean() ? "e" : "E")
                            .append(random.nextBoolean() ? "-" : random.nextBoolean() ? "+" : "")
                            .append(random.nextInt(300));
            }
        }

        private void string() {
            out.append('"');
            int n = random.nextInt(4) == 0 ? random.nextInt(200) : random.nextInt(12);
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(12);
                if (kind < 6) {
                    out.append(safe((char) (' ' + random.nextInt(95))));
                } else if (kind == 6) {
                    out.append("\\\"\\\\\\/\\b\\f\\n\\r\\t".substring(2 * random.nextInt(8)).substring(0, 2));
                } else if (kind == 7) {
                    out.append(String.format("\\u%04x", random.nextInt(0x10000)));
                } else if (kind == 8) {
                    out.append((char) (0xA0 + random.nextInt(0x700)));
                } else if (kind == 9) {
                    out.append((char) (0x800 + random.nextInt(0xD000 - 0x800)));
                } else if (kind == 10) {
                    out.appendCodePoint(0x10000 + random.nextInt(0x100000));
                } else {
                    out.append("abcdefghijklmnopqrstuvwxyz".repeat(1 + random.nextInt(3)));
                }
            }
            out.append('"');
        }

        private static char safe(char c) {
            return c == '"' || c == '\\' ? 'x' : c;
        }
    }
}

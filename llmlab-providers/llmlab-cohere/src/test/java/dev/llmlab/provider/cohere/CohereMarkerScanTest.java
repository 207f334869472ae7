package dev.llmlab.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.provider.testing.FastPathAssertions;
import dev.llmlab.provider.testing.GoldenFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The recogniser's marker scan finds quotes eight bytes at a time; it must find exactly what a
 * plain byte-by-byte scan (below, the reference) finds, in either direction, in any range.
 */
class CohereMarkerScanTest {
    private static final List<byte[]> EVERY_PROVIDERS_FILES = GoldenFiles.bytesOfAllProviders();

    @Property(tries = 3000)
    void hasMarker_findsWhatAByteByByteScanFinds(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] body = random.nextBoolean() ? FastPathAssertions.mutatedBody(seed, EVERY_PROVIDERS_FILES)
                : EVERY_PROVIDERS_FILES.get(random.nextInt(EVERY_PROVIDERS_FILES.size()));
        int from = body.length == 0 ? 0 : random.nextInt(body.length);
        int to = from + (body.length == from ? 0 : random.nextInt(body.length - from + 1));
        if (random.nextInt(3) == 0) {
            from = 0;
            to = body.length;
        }
        boolean backwards = random.nextBoolean();
        assertThat(CohereAdapter.hasMarker(body, from, to, backwards))
                .as("[%d, %d) %s of %s", from, to, backwards ? "backwards" : "forwards",
                        FastPathAssertions.show(body))
                .isEqualTo(Reference.hasMarker(body, from, to));
    }

    /** The scan as it was written first: every byte looked at. */
    private static final class Reference {
        private static final byte[][] KEYS = {ascii("\"billed_units\""), ascii("\"api_version\""),
            ascii("\"event_type\""), ascii("\"is_finished\"")};
        private static final byte[][] VALUES = {ascii("\"message-start\""), ascii("\"message-end\""),
            ascii("\"content-delta\"")};

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        static boolean hasMarker(byte[] b, int from, int to) {
            for (int i = from; i < to - 2; i++) {
                if (b[i] != '"') {
                    continue;
                }
                for (byte[] key : KEYS) {
                    if (matches(b, i, to, key) && followedByColon(b, i + key.length, to)) {
                        return true;
                    }
                }
                for (byte[] value : VALUES) {
                    if (matches(b, i, to, value)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean matches(byte[] b, int at, int to, byte[] pattern) {
            if (to - at < pattern.length) {
                return false;
            }
            for (int k = 0; k < pattern.length; k++) {
                if (b[at + k] != pattern[k]) {
                    return false;
                }
            }
            return true;
        }

        private static boolean followedByColon(byte[] b, int at, int to) {
            int i = at;
            while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
                i++;
            }
            return i < to && b[i] == ':';
        }
    }
}

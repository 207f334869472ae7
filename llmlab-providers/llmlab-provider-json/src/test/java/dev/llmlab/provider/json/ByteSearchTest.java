package dev.llmlab.provider.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ByteSearchTest {
    private static final byte[] TARGETS = {'"', 0, 1, 0x7F, (byte) 0x80, (byte) 0xFF, 'a'};

    @Property(tries = 5000)
    void indexOfAndLastIndexOf_findWhatALoopFinds(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] b = new byte[random.nextInt(80)];
        for (int i = 0; i < b.length; i++) {
            // few distinct values, so that targets appear often, several times a word
            b[i] = TARGETS[random.nextInt(TARGETS.length)];
            if (random.nextInt(3) == 0) {
                b[i] = (byte) random.nextInt();
            }
        }
        int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
        int to = from + random.nextInt(b.length - from + 1);
        byte target = TARGETS[random.nextInt(TARGETS.length)];
        int first = -1;
        int last = -1;
        for (int i = from; i < to; i++) {
            if (b[i] == target) {
                last = i;
                if (first < 0) {
                    first = i;
                }
            }
        }
        assertThat(ByteSearch.indexOf(b, target, from, to)).isEqualTo(first);
        assertThat(ByteSearch.lastIndexOf(b, target, from, to)).isEqualTo(last);
    }

    @Test
    void aRangeOutsideTheArray_isRefused() {
        assertThatThrownBy(() -> ByteSearch.indexOf(new byte[4], (byte) 0, 2, 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ByteSearch.lastIndexOf(new byte[4], (byte) 0, 3, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}

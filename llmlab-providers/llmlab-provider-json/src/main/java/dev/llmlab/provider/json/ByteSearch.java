package dev.llmlab.provider.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Finds a byte in a range of an array eight bytes at a time, for adapters that look for a few
 * markers in a body without parsing it (a quote, then the key after it). Stateless; thread-safe.
 *
 * <pre>{@code
 * for (int q = ByteSearch.indexOf(body, (byte) '"', 0, n); q >= 0; q = ByteSearch.indexOf(body, (byte) '"', q + 1, n)) {
 *     ...
 * }
 * }</pre>
 */
public final class ByteSearch {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteSearch() {
    }

    /**
     * @param b the bytes; not null
     * @param target the byte to find
     * @param from the first index to look at
     * @param to the end of the range (exclusive)
     * @return the lowest index in {@code [from, to)} holding {@code target}, or -1
     * @throws IndexOutOfBoundsException when the range is not inside the array
     */
    public static int indexOf(byte[] b, byte target, int from, int to) {
        Objects.checkFromToIndex(from, to, b.length);
        long pattern = (target & 0xFFL) * ONES;
        int i = from;
        while (i + 8 <= to) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            long found = (x - ONES) & ~x & HIGHS; // exact for the lowest zero byte
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] == target) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param b the bytes; not null
     * @param target the byte to find
     * @param from the first index of the range
     * @param to the end of the range (exclusive)
     * @return the highest index in {@code [from, to)} holding {@code target}, or -1
     * @throws IndexOutOfBoundsException when the range is not inside the array
     */
    public static int lastIndexOf(byte[] b, byte target, int from, int to) {
        Objects.checkFromToIndex(from, to, b.length);
        long pattern = (target & 0xFFL) * ONES;
        int i = to;
        while (i - 8 >= from) {
            long x = (long) LONGS.get(b, i - 8) ^ pattern;
            // per byte, without borrows between bytes, so the highest mark is exact too
            long found = ~(((x & ~HIGHS) + ~HIGHS | x) | ~HIGHS);
            if (found != 0) {
                return i - 8 + (7 - (Long.numberOfLeadingZeros(found) >>> 3));
            }
            i -= 8;
        }
        for (i = i - 1; i >= from; i--) {
            if (b[i] == target) {
                return i;
            }
        }
        return -1;
    }
}

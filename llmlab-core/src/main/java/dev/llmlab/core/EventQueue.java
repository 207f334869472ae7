package dev.llmlab.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, lock-free, multi-producer single-consumer array queue (the JCTools MPSC design in
 * miniature): a producer claims a slot by compare-and-set on the producer index, then publishes
 * the element with a release store; the one consumer reads slots in order and frees them. Offering
 * never blocks and never allocates.
 */
final class EventQueue {
    private final AtomicReferenceArray<Object> slots;
    private final int mask;
    private final int capacity;
    private final AtomicLong producerIndex = new AtomicLong();
    private final AtomicLong consumerIndex = new AtomicLong();

    EventQueue(int requestedCapacity) {
        int cap = requestedCapacity <= 2 ? 2 : Integer.highestOneBit(requestedCapacity - 1) << 1;
        this.capacity = cap;
        this.mask = cap - 1;
        this.slots = new AtomicReferenceArray<>(cap);
    }

    int capacity() {
        return capacity;
    }

    /**
     * @return the index the element was published at, or -1 when the queue is full
     */
    long offer(Object element) {
        AtomicLong pi = producerIndex;
        while (true) {
            long p = pi.get();
            if (p - consumerIndex.get() >= capacity) {
                return -1;
            }
            if (pi.compareAndSet(p, p + 1)) {
                slots.lazySet((int) p & mask, element);
                return p;
            }
        }
    }

    /** Consumer only: moves up to {@code max} published elements into {@code out}. */
    @SuppressWarnings("unchecked")
    <T> int drain(List<T> out, int max) {
        long c = consumerIndex.get();
        int n = 0;
        while (n < max) {
            int i = (int) c & mask;
            Object e = slots.get(i);
            if (e == null) {
                break; // empty, or the producer that claimed this slot has not published yet
            }
            slots.lazySet(i, null);
            c++;
            consumerIndex.lazySet(c);
            out.add((T) e);
            n++;
        }
        return n;
    }

    /** @return true when nothing was claimed that the consumer has not taken */
    boolean isEmpty() {
        return consumerIndex.get() == producerIndex.get();
    }

    long size() {
        return Math.max(0, producerIndex.get() - consumerIndex.get());
    }

    long enqueued() {
        return producerIndex.get();
    }
}

package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.FsyncPolicy;
import dev.llmlab.core.tracking.JsonLinesSink;
import dev.llmlab.core.tracking.QueueFullPolicy;
import dev.llmlab.core.tracking.SpendTotals;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.core.tracking.TrackerStats;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proof that the asynchronous delivery loses and duplicates nothing. */
class DeliveryTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 20_000;

    @TempDir
    Path dir;

    @Test
    void eightThreadsTrackingConcurrently_loseAndDuplicateNothing() throws Exception {
        CollectingSink collected = new CollectingSink("collect");
        Path file = dir.resolve("events.jsonl");
        LlmLab lab = Fixtures.lab().sink(collected).sink(JsonLinesSink.open(file, FsyncPolicy.never()))
                .queueCapacity(4096).queueFullPolicy(QueueFullPolicy.block(Duration.ofSeconds(30))).build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String thread = "t" + t;
            futures.add(pool.submit(() -> {
                start.await();
                CallOptions options = CallOptions.provider("acme").tag("thread", thread);
                for (int i = 0; i < PER_THREAD; i++) {
                    String body = lab.track(options.tag("seq", Integer.toString(i)), () -> Fixtures.BODY);
                    assertThat(body).isSameAs(Fixtures.BODY);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(lab.flush(Duration.ofSeconds(60))).isTrue();
        lab.close();

        int total = THREADS * PER_THREAD;
        TrackerStats stats = lab.stats();
        assertThat(stats.dropped()).isZero();
        assertThat(stats.enqueued()).isEqualTo(total);
        assertThat(stats.processed()).isEqualTo(total);
        // every (thread, seq) exactly once, every id exactly once
        List<TrackedEvent> events = collected.events();
        assertThat(events).hasSize(total);
        Set<String> calls = new HashSet<>();
        Set<UUID> ids = new HashSet<>();
        for (TrackedEvent e : events) {
            assertThat(calls.add(e.tags().get("thread") + "/" + e.tags().get("seq"))).isTrue();
            assertThat(ids.add(e.id())).isTrue();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(total);
        assertThat(lines.stream().map(l -> l.substring(7, 43)).distinct().count()).isEqualTo(total);
        SpendTotals all = lab.spend().total();
        assertThat(all.events()).isEqualTo(total);
        assertThat(all.costUsd()).isEqualByComparingTo(Fixtures.BODY_COST.multiply(BigDecimal.valueOf(total)));
        Map<String, SpendTotals> byThread = lab.spend().byTag("thread", java.time.LocalDate.MIN.plusDays(1),
                java.time.LocalDate.MAX.minusDays(1));
        assertThat(byThread).hasSize(THREADS).allSatisfy((k, v) -> assertThat(v.events()).isEqualTo(PER_THREAD));
    }

    @Test
    void sinkThatFailsForAWhileThenRecovers_receivesEveryEventExactlyOnce() throws Exception {
        CollectingSink flaky = new CollectingSink("flaky").failFor(Duration.ofMillis(700));
        CollectingSink healthy = new CollectingSink("healthy");
        LlmLab lab = Fixtures.lab().sink(flaky).sink(healthy).maxBatchSize(64)
                .sinkRetry(Duration.ofMillis(20), Duration.ofMillis(200)).build();
        int total = 3000;
        for (int i = 0; i < total; i++) {
            lab.track(CallOptions.provider("acme").tag("seq", Integer.toString(i)), () -> Fixtures.BODY);
            if (i % 100 == 0) {
                Thread.sleep(30); // spread the calls over the outage and the recovery
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (flaky.events().size() < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        lab.close();

        assertThat(flaky.failedWrites.get()).as("the sink did fail").isPositive();
        assertExactlyOnce(flaky.events(), total);
        assertExactlyOnce(healthy.events(), total);
        assertThat(healthy.failedWrites.get()).isZero();
        TrackerStats stats = lab.stats();
        assertThat(stats.sinks()).filteredOn(s -> s.name().equals("flaky")).singleElement()
                .satisfies(s -> {
                    assertThat(s.delivered()).isEqualTo(total);
                    assertThat(s.backlog()).isZero();
                    assertThat(s.failedWrites()).isPositive();
                });
        // the healthy sink kept receiving during the outage: it saw events before the flaky one recovered
        assertThat(healthy.writes.get()).isGreaterThan(1);
    }

    private static void assertExactlyOnce(List<TrackedEvent> events, int total) {
        assertThat(events).hasSize(total);
        Set<String> seqs = new HashSet<>();
        for (TrackedEvent e : events) {
            assertThat(seqs.add(e.tags().get("seq"))).as("duplicate seq %s", e.tags().get("seq")).isTrue();
        }
        for (int i = 0; i < total; i++) {
            assertThat(seqs).contains(Integer.toString(i));
        }
    }

    @Test
    void queueFull_dropNewest_countsDropsAndNeverBlocksCaller() throws Exception {
        CollectingSink slow = new CollectingSink("slow");
        slow.slowNanos = TimeUnit.MILLISECONDS.toNanos(200);
        LlmLab lab = Fixtures.lab().sink(slow).queueCapacity(16).maxBatchSize(4)
                .queueFullPolicy(QueueFullPolicy.dropNewest()).closeTimeout(Duration.ofSeconds(30)).build();
        int total = 1000;
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            lab.track("acme", () -> Fixtures.BODY);
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        lab.close();

        TrackerStats stats = lab.stats();
        assertThat(elapsedMs).as("the caller never waited on the slow sink").isLessThan(1000);
        assertThat(stats.dropped()).isPositive();
        assertThat(stats.enqueued() + stats.dropped()).isEqualTo(total);
        assertThat(slow.events()).hasSize((int) stats.enqueued());
        assertThat(stats.processed()).isEqualTo(stats.enqueued());
    }

    @Test
    void queueFull_block_waitsForRoomAndDropsNothing() throws Exception {
        CollectingSink slow = new CollectingSink("slow");
        slow.slowNanos = TimeUnit.MILLISECONDS.toNanos(2);
        LlmLab lab = Fixtures.lab().sink(slow).queueCapacity(8).maxBatchSize(4)
                .queueFullPolicy(QueueFullPolicy.block(Duration.ofSeconds(10))).build();
        int total = 400;
        for (int i = 0; i < total; i++) {
            lab.track("acme", () -> Fixtures.BODY);
        }
        lab.close();

        assertThat(lab.stats().dropped()).isZero();
        assertThat(slow.events()).hasSize(total);
    }

    @Test
    void queueFull_blockTimeout_dropsAndCounts() throws Exception {
        CollectingSink stuck = new CollectingSink("stuck");
        stuck.slowNanos = TimeUnit.MILLISECONDS.toNanos(500);
        LlmLab lab = Fixtures.lab().sink(stuck).queueCapacity(2).maxBatchSize(1)
                .queueFullPolicy(QueueFullPolicy.block(Duration.ofMillis(20))).closeTimeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < 10; i++) {
            assertThat(lab.track("acme", () -> Fixtures.BODY)).isSameAs(Fixtures.BODY);
        }
        TrackerStats stats = lab.stats();
        lab.close();

        assertThat(stats.dropped()).as("%s", stats).isPositive();
        assertThat(lab.stats().enqueued() + lab.stats().dropped()).isEqualTo(10);
    }

    @Test
    void close_flushesEverythingQueued_andLaterEventsAreCountedAsDropped() throws Exception {
        CollectingSink slow = new CollectingSink("slow");
        slow.slowNanos = TimeUnit.MILLISECONDS.toNanos(5);
        LlmLab lab = Fixtures.lab().sink(slow).maxBatchSize(10).build();
        for (int i = 0; i < 500; i++) {
            lab.track("acme", () -> Fixtures.BODY);
        }
        lab.close();

        assertThat(slow.events()).hasSize(500);
        assertThat(lab.track("acme", () -> "after close")).isEqualTo("after close");
        assertThat(lab.stats().dropped()).isEqualTo(1);
    }

    @Test
    void close_retriesAFailedSinkAtOnce_insteadOfWaitingOutItsBackoff() throws Exception {
        CollectingSink sink = new CollectingSink("recovering").failNextWrites(1);
        LlmLab lab = Fixtures.lab().sink(sink).sinkRetry(Duration.ofSeconds(60), Duration.ofSeconds(60))
                .closeTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 10; i++) {
            lab.track("acme", () -> Fixtures.BODY);
        }
        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.failedWrites.get()).isEqualTo(1);

        long t0 = System.nanoTime();
        lab.close();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(4000);
        assertThat(sink.events()).hasSize(10);
    }

    @Test
    void shutdownHook_isRegisteredAndClosesTheTracker() throws Exception {
        CollectingSink sink = new CollectingSink("collect");
        LlmLab lab = Fixtures.lab().shutdownHook(true).sink(sink).build();
        lab.track("acme", () -> Fixtures.BODY);
        // the hook is a registered, unstarted thread: removing it proves it was registered
        lab.close();
        assertThat(sink.events()).hasSize(1);
        lab.close(); // idempotent
    }
}

package dev.llmlab.core;

import dev.llmlab.core.tracking.FsyncPolicy;
import dev.llmlab.core.tracking.JsonLinesSink;
import java.nio.file.Path;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.core.tracking.TrackingSink;
import java.time.Duration;
import java.util.List;

/**
 * Run in a child JVM by {@link ShutdownHookTest}: tracks events into a slow JSON-lines sink and
 * returns from main without closing the tracker, so only the JVM shutdown hook can flush them.
 */
public final class ShutdownHookMain {
    private ShutdownHookMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        JsonLinesSink jsonl = JsonLinesSink.open(file, FsyncPolicy.everyBatch());
        TrackingSink slow = new TrackingSink() { // slow enough that events are still queued at exit
            @Override
            public void write(List<TrackedEvent> batch) throws Exception {
                Thread.sleep(1);
                jsonl.write(batch);
            }

            @Override
            public void close() throws Exception {
                jsonl.close();
            }
        };
        LlmLab lab = Fixtures.lab().shutdownHook(true).maxBatchSize(10).closeTimeout(Duration.ofSeconds(30))
                .sink(slow).build();
        for (int i = 0; i < n; i++) {
            lab.track("acme", () -> Fixtures.BODY);
        }
        System.out.println("tracked " + n + ", queued " + lab.stats().queued());
        // no close(): the JVM exits with events still queued
    }
}

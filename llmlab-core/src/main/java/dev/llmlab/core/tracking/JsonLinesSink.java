package dev.llmlab.core.tracking;

import dev.llmlab.spi.LlmLabException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * Appends each event as one line of JSON ({@link TrackedEvent#toJson()}) to a file, creating it
 * and its directory when missing. Each batch is one write of whole lines; the {@link FsyncPolicy}
 * decides when the file is forced to disk. Should a write fail half-way (disk full), the batch is
 * written again on retry, so a reader deduplicates by {@code id}.
 *
 * <pre>{@code
 * LlmLab lab = LlmLab.builder()
 *         .sink(JsonLinesSink.open(Path.of("llm-usage.jsonl"), FsyncPolicy.interval(Duration.ofSeconds(1))))
 *         .build();
 * }</pre>
 */
public final class JsonLinesSink implements TrackingSink {
    private final Path file;
    private final FsyncPolicy fsync;
    private final FileChannel channel;
    private long lastForce = System.nanoTime();

    private JsonLinesSink(Path file, FsyncPolicy fsync, FileChannel channel) {
        this.file = file;
        this.fsync = fsync;
        this.channel = channel;
    }

    /**
     * Opens a file for appending.
     *
     * @param file the JSON-lines file; not null
     * @param fsync when to force writes to disk; not null
     * @return the sink
     * @throws LlmLabException when the file cannot be opened
     */
    public static JsonLinesSink open(Path file, FsyncPolicy fsync) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fsync, "fsync");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new JsonLinesSink(file, fsync, ch);
        } catch (IOException e) {
            throw new LlmLabException("cannot open the JSON-lines sink file " + file + ": " + e, e);
        }
    }

    /** @return the file written to */
    public Path file() {
        return file;
    }

    @Override
    public String name() {
        return "jsonl:" + file;
    }

    @Override
    public void write(List<TrackedEvent> batch) throws IOException {
        StringBuilder sb = new StringBuilder(batch.size() * 400);
        for (TrackedEvent e : batch) {
            e.writeJson(sb);
            sb.append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        long now = System.nanoTime();
        if (fsync.dueAfterBatch(lastForce, now)) {
            channel.force(false);
            lastForce = now;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.force(false);
        } finally {
            channel.close();
        }
    }
}

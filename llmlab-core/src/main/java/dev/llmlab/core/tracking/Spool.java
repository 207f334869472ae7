package dev.llmlab.core.tracking;

import dev.llmlab.core.internal.json.Json;
import dev.llmlab.spi.LlmLabException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The HTTP sink's disk spool: JSON-lines segment files {@code segment-<seq>.jsonl}, each holding
 * at most one post's worth of events. The writer appends to the newest segment; the sender reads
 * closed segments oldest first and deletes each once the server acknowledged it. A segment whose
 * last line was cut short (a crash mid-write) is read without that line.
 */
final class Spool {
    private static final System.Logger LOG = System.getLogger(Spool.class.getName());
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".jsonl";

    private final Path dir;
    private final int maxLines;
    private final long maxBytes;
    private final FsyncPolicy fsync;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeMap<Long, Segment> closed = new TreeMap<>();
    private long nextSeq;
    private FileChannel current;
    private Segment currentSegment;
    private long totalBytes;
    private long lastForce = System.nanoTime();
    private volatile long pending;
    private volatile long droppedSegments;

    private Spool(Path dir, int maxLines, long maxBytes, FsyncPolicy fsync, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.fsync = fsync;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static Spool open(Path dir, int maxLines, long maxBytes, FsyncPolicy fsync) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("spool.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new LlmLabException("the spool directory " + dir + " is in use by another HttpSink; give each "
                        + "process its own spool directory");
            }
            Spool spool = new Spool(dir, maxLines, maxBytes, fsync, lockChannel, lock);
            spool.loadExisting();
            return spool;
        } catch (IOException e) {
            if (lockChannel != null) {
                try {
                    lockChannel.close();
                } catch (IOException ignored) {
                    // reporting the original failure
                }
            }
            throw new LlmLabException("cannot open the HTTP sink's spool directory " + dir + ": " + e, e);
        }
    }

    private void loadExisting() throws IOException {
        long max = -1;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                long seq;
                try {
                    seq = Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                Segment s = new Segment(seq, f);
                s.bytes = Files.size(f);
                s.lineCount = s.lines().size();
                closed.put(seq, s);
                totalBytes += s.bytes;
                pending += s.lineCount;
                max = Math.max(max, seq);
            }
        }
        nextSeq = max + 1;
        if (!closed.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "LLMlab HTTP sink found " + pending + " unsent events in " + dir);
        }
    }

    synchronized void append(List<String> lines) throws IOException {
        for (String line : lines) {
            if (current == null) {
                currentSegment = new Segment(nextSeq++, dir.resolve(String.format("%s%020d%s", PREFIX, nextSeq - 1, SUFFIX)));
                current = FileChannel.open(currentSegment.path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            int size = buf.remaining();
            while (buf.hasRemaining()) {
                current.write(buf);
            }
            currentSegment.bytes += size;
            currentSegment.lineCount++;
            totalBytes += size;
            pending++;
            if (currentSegment.lineCount >= maxLines) {
                roll(fsync.dueAfterBatch(lastForce, System.nanoTime()));
            }
        }
        long now = System.nanoTime();
        if (current != null && fsync.dueAfterBatch(lastForce, now)) {
            current.force(false);
            lastForce = now;
        }
        while (totalBytes > maxBytes && !closed.isEmpty()) {
            Segment oldest = closed.pollFirstEntry().getValue();
            deleteQuietly(oldest);
            droppedSegments++;
            LOG.log(System.Logger.Level.WARNING, "LLMlab HTTP sink spool exceeds " + maxBytes + " bytes; dropped "
                    + oldest.lineCount + " unsent events of " + oldest.path.getFileName());
        }
    }

    private void roll(boolean force) throws IOException {
        if (current == null) {
            return;
        }
        try {
            if (force) {
                current.force(false);
                lastForce = System.nanoTime();
            }
        } finally {
            current.close();
            current = null;
            closed.put(currentSegment.seq, currentSegment);
            currentSegment = null;
        }
    }

    /** @return the oldest segment ready to send, closing the one being written when nothing else waits */
    synchronized Segment oldest() throws IOException {
        if (closed.isEmpty() && current != null && currentSegment.lineCount > 0) {
            roll(fsync.dueAfterBatch(lastForce, System.nanoTime()));
        }
        return closed.isEmpty() ? null : closed.firstEntry().getValue();
    }

    synchronized void remove(Segment s) {
        if (closed.remove(s.seq) != null) {
            deleteQuietly(s);
        }
    }

    private void deleteQuietly(Segment s) {
        totalBytes -= s.bytes;
        pending -= s.lineCount;
        try {
            Files.deleteIfExists(s.path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "LLMlab cannot delete spool segment " + s.path, e);
        }
    }

    synchronized void reject(String line, int status, String answer) {
        StringBuilder sb = new StringBuilder(line.length() + 100);
        sb.append("{\"status\":").append(status).append(",\"error\":");
        Json.quote(sb, answer == null ? "" : answer);
        sb.append(",\"event\":").append(line).append("}\n");
        try {
            Files.writeString(dir.resolve("rejected.jsonl"), sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "LLMlab cannot write a rejected event to " + dir, e);
        }
        LOG.log(System.Logger.Level.WARNING, "LLMlab server rejected an event (HTTP " + status + "): " + answer);
    }

    synchronized void rollForClose() {
        try {
            roll(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "LLMlab cannot close a spool segment", e);
        }
    }

    long pendingEvents() {
        return pending;
    }

    long droppedSegments() {
        return droppedSegments;
    }

    synchronized void close() throws IOException {
        try {
            roll(true);
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }

    /** One segment file; closed segments never change. */
    static final class Segment {
        final long seq;
        final Path path;
        int lineCount;
        long bytes;

        Segment(long seq, Path path) {
            this.seq = seq;
            this.path = path;
        }

        List<String> lines() throws IOException {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            int start = 0;
            int nl;
            while ((nl = text.indexOf('\n', start)) >= 0) {
                if (nl > start) {
                    out.add(text.substring(start, nl));
                }
                start = nl + 1;
            }
            if (start < text.length()) {
                LOG.log(System.Logger.Level.WARNING, "LLMlab spool segment " + path + " ends with a cut-short line "
                        + "(a crash while writing); skipped it");
            }
            return out;
        }
    }
}

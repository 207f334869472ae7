package dev.llmlab.core.pricing;

import dev.llmlab.core.internal.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last good copy of each downloaded price file, kept on disk so that a start without the
 * network still prices with it: {@code <dir>/<key>.json} holds the file exactly as downloaded,
 * {@code <dir>/<key>.meta.json} its URL (query left out), SHA-256, ETag, Last-Modified and when it
 * was fetched. {@code <key>} is the first 16 hex digits of the SHA-256 of the full URL.
 *
 * <p>Both files are written atomically (a temporary file forced to disk, then moved into place),
 * owner-only (mode 600 in a 700 folder) where the file system has POSIX permissions. The body is
 * written before its metadata; a crash between the two leaves a body whose SHA-256 the metadata
 * does not match, and then the body is used without the validators.
 */
final class PriceCache {
    private static final FileAttribute<?>[] FILE_MODE = {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    private static final FileAttribute<?>[] DIRECTORY_MODE = {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))};

    private final Path dir;

    PriceCache(Path dir) {
        this.dir = dir;
    }

    Path directory() {
        return dir;
    }

    /** A kept copy: the body as downloaded and what the metadata says of it. */
    record Entry(byte[] body, String digest, String etag, String lastModified, Instant fetchedAt) {
    }

    /** @return the body file of a URL's copy */
    Path bodyFile(String url) {
        return dir.resolve(key(url) + ".json");
    }

    private Path metaFile(String url) {
        return dir.resolve(key(url) + ".meta.json");
    }

    private static String key(String url) {
        return PriceRefresher.sha256(url.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /**
     * @param url the full URL
     * @return the kept copy, or null when there is none; validators are null when the metadata is
     *     missing, unreadable or describes another body
     * @throws IOException when the body exists but cannot be read
     */
    Entry read(String url) throws IOException {
        byte[] body;
        try {
            body = Files.readAllBytes(bodyFile(url));
        } catch (NoSuchFileException e) {
            return null;
        }
        String digest = PriceRefresher.sha256(body);
        Instant fetchedAt = Files.getLastModifiedTime(bodyFile(url)).toInstant();
        try {
            Object parsed = Json.parse(Files.readString(metaFile(url), StandardCharsets.UTF_8));
            if (parsed instanceof Map && digest.equals(((Map<?, ?>) parsed).get("sha256"))) {
                Map<?, ?> meta = (Map<?, ?>) parsed;
                Object at = meta.get("fetched_at");
                return new Entry(body, digest, text(meta.get("etag")), text(meta.get("last_modified")),
                        at instanceof String ? Instant.parse((String) at) : fetchedAt);
            }
        } catch (IOException | RuntimeException e) {
            // no or broken metadata: the body alone is still a copy that validated when it was kept
        }
        return new Entry(body, digest, null, null, fetchedAt);
    }

    private static String text(Object v) {
        return v instanceof String ? (String) v : null;
    }

    /**
     * Keeps a validated body and its metadata.
     *
     * @param url the full URL (the key)
     * @param shownUrl the URL as logs show it (no query), written in the metadata
     * @throws IOException when the folder or a file cannot be written
     */
    void write(String url, String shownUrl, Entry entry) throws IOException {
        createDirectory();
        if (!entry.digest().equals(currentDigest(url))) {
            replace(bodyFile(url), entry.body());
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("url", shownUrl);
        meta.put("sha256", entry.digest());
        meta.put("etag", entry.etag());
        meta.put("last_modified", entry.lastModified());
        meta.put("fetched_at", entry.fetchedAt().toString());
        replace(metaFile(url), (Json.write(meta) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private String currentDigest(String url) {
        try {
            return PriceRefresher.sha256(Files.readAllBytes(bodyFile(url)));
        } catch (IOException e) {
            return null;
        }
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            if (posix()) {
                Files.createDirectories(dir, DIRECTORY_MODE);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // despite the umask
            } else {
                Files.createDirectories(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // made at the same moment by another process
        }
    }

    private void replace(Path file, byte[] content) throws IOException {
        Path tmp = posix() ? Files.createTempFile(dir, file.getFileName() + ".", ".tmp", FILE_MODE)
                : Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private boolean posix() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

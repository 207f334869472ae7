package dev.llmlab.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * Files and folders under {@code LLMLAB_HOME} that only their owner may read or change: folders
 * are created {@code 700}, files {@code 600}, and a folder the server relies on (the home, the
 * PostgreSQL binaries) is refused when another user could write to it — whoever can write there
 * can replace what the server runs or reads.
 *
 * <pre>{@code
 * Path home = PrivateFiles.directory(Path.of(System.getProperty("user.home"), ".llmlab"), "LLMLAB_HOME");
 * String password = PrivateFiles.secret(home.resolve("db-password"));
 * }</pre>
 */
public final class PrivateFiles {
    /** Permissions of every folder the server creates. */
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** Permissions of every file the server creates. */
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} (and missing parents) owner-only, or checks that the existing one is not
     * writable by another user.
     *
     * @param dir the folder; not null
     * @param what how the user knows it, for the message (e.g. {@code "LLMLAB_HOME"})
     * @return {@code dir}
     * @throws DatabaseException when the existing folder is writable by others or owned by another user
     * @throws UncheckedIOException when it cannot be created
     */
    public static Path directory(Path dir, String what) {
        return directory(dir, what, "");
    }

    /**
     * Like {@link #directory(Path, String)}, with another way out for the message.
     *
     * @param dir the folder; not null
     * @param what how the user knows it, for the message
     * @param alternative appended to the message after the chmod command, e.g. {@code " — or remove it"}
     * @return {@code dir}
     */
    static Path directory(Path dir, String what, String alternative) {
        Objects.requireNonNull(dir, "dir");
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                Files.setPosixFilePermissions(dir, DIRECTORY); // an unusual umask can take the owner's bits away too
                return dir;
            }
        } catch (FileAlreadyExistsException e) {
            // another process created it at the same moment: check it like any existing folder
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + what + " " + dir, e);
        }
        requireNotWritableByOthers(dir, what, alternative);
        return dir;
    }

    /** Refuses a folder that another user can write to (group or other write bit, or another owner). */
    private static void requireNotWritableByOthers(Path dir, String what, String alternative) {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new DatabaseException(what + " " + dir + " is not a folder");
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(real);
            int owner = (Integer) Files.getAttribute(real, "unix:uid");
            int me = currentUid();
            if (owner != me) {
                throw new DatabaseException(what + " " + dir + " belongs to another user (uid " + owner + ", this process runs as "
                        + me + "): that user could replace the files the server runs or reads. Use a folder of your own.");
            }
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new DatabaseException(what + " " + dir + " is writable by other users (" + PosixFilePermissions.toString(mode)
                        + "): they could replace the files the server runs or reads. Make it private: chmod go-w " + real
                        + alternative);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the permissions of " + what + " " + dir, e);
        }
    }

    /**
     * Reads the secret kept in {@code file}, generating it (24 random bytes, base64url) on first use.
     * Two processes starting at once keep the same secret: the file appears atomically.
     *
     * @param file the secret's file, created with mode 600; not null
     * @return the secret
     * @throws UncheckedIOException when the file cannot be written or read
     */
    public static String secret(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[24];
                RANDOM.nextBytes(bytes);
                createOnce(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (value.isEmpty()) {
                throw new UncheckedIOException(new IOException(file + " is empty; remove it to have a new secret generated"));
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the secret in " + file, e);
        }
    }

    /**
     * Writes {@code content} to {@code file} unless it exists: a private temporary file moved into
     * place, so a reader never sees a half-written file and the first of two writers wins.
     *
     * @param file the file to create, mode 600; not null
     * @param content its text
     * @return true when this call created it
     * @throws IOException when writing fails
     */
    public static boolean createOnce(Path file, String content) throws IOException {
        Path tmp = temporary(file, content);
        try {
            Files.move(tmp, file);
            return true;
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            return false;
        }
    }

    /**
     * Replaces {@code file} with {@code content} atomically, mode 600.
     *
     * @param file the file; not null
     * @param content its new text
     * @throws IOException when writing fails
     */
    public static void replace(Path file, String content) throws IOException {
        Path tmp = temporary(file, content);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates {@code file} empty with mode 600 if missing, and takes the group's and others' rights
     * away from an existing one (files made by older versions).
     *
     * @param file the file; not null
     * @throws IOException when it cannot be created or changed
     */
    static void ensurePrivateFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (FileAlreadyExistsException e) {
            // made by an older version with the umask's mode: tightened below
        }
        Files.setPosixFilePermissions(file, FILE);
    }

    private static Path temporary(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(FILE));
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        return tmp;
    }

    private static int currentUid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }
}

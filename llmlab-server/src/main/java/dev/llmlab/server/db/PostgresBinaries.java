package dev.llmlab.server.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs (initdb, pg_ctl, postgres) unpacked from the io.zonky binaries jar into
 * {@code $LLMLAB_HOME/pg-bin/postgresql-<digest>}: folders 700, programs 700, other files 600, so no
 * other user can replace what the server runs. Unpacked once into a private temporary folder and
 * moved into place, so a second process starting at the same moment never runs a half-unpacked copy.
 *
 * <p>PostgreSQL refuses to run as root; under root (containers, CI) every program runs inside a user
 * namespace ({@code unshare -U}), where it appears as the unprivileged overflow user while keeping
 * the file access of the files' owner.
 */
final class PostgresBinaries {
    private static final System.Logger LOG = System.getLogger(PostgresBinaries.class.getName());
    private final Path root;

    private PostgresBinaries(Path root) {
        this.root = root;
    }

    /**
     * @param folder {@code $LLMLAB_HOME/pg-bin}: created 700, refused when another user can write to it
     * @return the unpacked binaries
     * @throws DatabaseException when the folder is not private or the binaries cannot be unpacked
     */
    static PostgresBinaries unpackInto(Path folder) {
        PrivateFiles.directory(folder, "the PostgreSQL binaries folder", ", or remove it (rm -rf " + folder.toAbsolutePath()
                + ") to have the binaries unpacked again: someone else could have replaced them");
        byte[] archive = archive();
        String name = "postgresql-" + HexFormat.of().formatHex(sha256(archive), 0, 8);
        Path root = folder.resolve(name);
        if (!Files.isRegularFile(root.resolve("bin/postgres"))) {
            unpack(archive, folder, root);
        }
        return new PostgresBinaries(root);
    }

    /** @return the folder holding {@code bin}, {@code lib} and {@code share} */
    Path root() {
        return root;
    }

    /**
     * @param program a program in {@code bin}, e.g. {@code pg_ctl}
     * @param args its arguments
     * @return the command line that runs it (under {@code unshare -U} as root)
     */
    List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(root.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private static byte[] archive() {
        String arch = System.getProperty("os.arch");
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "amd64".equals(arch) ? "x86_64" : arch)) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseException("no embedded PostgreSQL for " + System.getProperty("os.name") + " " + arch
                    + " (LLMlab ships it for Linux x86_64): set DATABASE_URL to use another PostgreSQL", e);
        }
    }

    private static void unpack(byte[] archive, Path folder, Path root) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory(folder, root.getFileName() + ".unpacking-"); // mode 700
            LOG.log(System.Logger.Level.INFO, "unpacking PostgreSQL into " + root);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = tmp.resolve(entry.getName()).normalize();
                    if (!target.startsWith(tmp)) {
                        throw new IOException("archive entry outside its folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target, PosixFilePermissions.asFileAttribute(PrivateFiles.DIRECTORY));
                        continue;
                    }
                    Files.createDirectories(target.getParent(), PosixFilePermissions.asFileAttribute(PrivateFiles.DIRECTORY));
                    if (entry.isSymbolicLink()) {
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else if (entry.isFile()) {
                        Files.copy(tar, target);
                        boolean executable = (entry.getMode() & 0100) != 0;
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(executable ? "rwx------" : "rw-------"));
                    } else {
                        throw new IOException("unsupported archive entry: " + entry.getName());
                    }
                }
            }
            try {
                Files.move(tmp, root, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another process unpacked the same binaries first: use theirs
            }
        } catch (IOException e) {
            throw new DatabaseException("cannot unpack the PostgreSQL binaries into " + root + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

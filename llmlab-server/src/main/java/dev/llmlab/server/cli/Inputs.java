package dev.llmlab.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * The CLI's inputs, a picocli mixin: the FILE parameters in order, or standard input when none.
 * Each command says in its description what a FILE holds.
 */
final class Inputs {
    @Parameters(paramLabel = "FILE", description = "Files to read, in order; stdin when none.")
    List<Path> files = List.of();

    /** One input: a named file, or standard input. */
    static final class Input {
        private final Path file; // null: standard input

        private Input(Path file) {
            this.file = file;
        }

        /** @return the name messages use: the file as given, {@code -} for standard input */
        String name() {
            return file == null ? "-" : file.toString();
        }

        /** @return the input as UTF-8 text, line by line; the caller closes it */
        BufferedReader reader() throws IOException {
            if (file == null) {
                return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            try {
                return Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IOException("no such file: " + file, e);
            }
        }

        /**
         * @param max the most bytes taken
         * @return the whole input
         * @throws IOException when it cannot be read, or holds more than {@code max} bytes
         */
        byte[] bytes(int max) throws IOException {
            if (file == null) {
                return limited(System.in, max);
            }
            if (!Files.isRegularFile(file)) {
                throw new IOException("no such file: " + file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return limited(in, max);
            }
        }

        private byte[] limited(InputStream in, int max) throws IOException {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new IOException(name() + " is larger than " + max + " bytes; one response body expected");
            }
            return body;
        }
    }

    /** @return the inputs in order: the files, or standard input alone */
    List<Input> list() {
        List<Input> out = new ArrayList<>();
        if (files.isEmpty()) {
            out.add(new Input(null));
        }
        for (Path f : files) {
            out.add(new Input(f));
        }
        return out;
    }

    /**
     * Opens every input before any is read, so that a missing file stops the command before it
     * prints anything.
     *
     * @return a reader per input, in order; the caller closes them
     * @throws IOException naming a file that cannot be opened
     */
    List<BufferedReader> readers() throws IOException {
        List<BufferedReader> readers = new ArrayList<>();
        for (Input in : list()) {
            readers.add(in.reader());
        }
        return readers;
    }
}

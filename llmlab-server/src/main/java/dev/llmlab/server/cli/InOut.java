package dev.llmlab.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What a CLI command reads and prints, a picocli mixin: the FILE parameters in order (standard
 * input when none; each command says in its description what a FILE holds), and one compact JSON
 * object per output line, flushed at once so that a script reading the pipe sees each result as
 * soon as it is made; the exit status is 2 when a result was an error.
 */
final class InOut {
    /** The CLI's mapper: compact output, keys in the order they were put. */
    static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "FILE", description = "Files to read, in order; stdin when none.")
    List<Path> files = List.of();

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private boolean failed;

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
    List<Input> inputs() {
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
        for (Input in : inputs()) {
            readers.add(in.reader());
        }
        return readers;
    }

    /** @return a new, empty output line */
    static ObjectNode line() {
        return JSON.createObjectNode();
    }

    /**
     * Prints one result. A result with an {@code error} member makes the command fail
     * ({@link #exitStatus()}).
     *
     * @param line the object to print as one line of the command's output
     * @throws JsonProcessingException never for a tree of plain values
     */
    void print(ObjectNode line) throws JsonProcessingException {
        failed |= line.has("error");
        PrintWriter out = spec.commandLine().getOut();
        out.println(JSON.writeValueAsString(line));
        out.flush();
    }

    /** @return 0 when no printed result was an error, else 2 */
    int exitStatus() {
        return failed ? 2 : 0;
    }
}

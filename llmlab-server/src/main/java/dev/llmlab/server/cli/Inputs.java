package dev.llmlab.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CLI's inputs: the named files in order, or standard input when none. */
final class Inputs {
    private Inputs() {
    }

    static List<BufferedReader> readers(List<Path> files) throws IOException {
        List<BufferedReader> readers = new ArrayList<>();
        if (files.isEmpty()) {
            readers.add(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            return readers;
        }
        for (Path f : files) {
            readers.add(open(f));
        }
        return readers;
    }

    private static BufferedReader open(Path file) throws IOException {
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file, e);
        }
    }
}

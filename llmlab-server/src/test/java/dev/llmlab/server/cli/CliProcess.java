package dev.llmlab.server.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the CLI as a separate JVM, as a user runs it: arguments, stdin, stdout, exit status. */
final class CliProcess {
    final int exitCode;
    final String out;
    final String err;

    private CliProcess(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    List<String> lines() {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
    }

    static CliProcess run(String stdin, String... args) throws IOException, InterruptedException {
        return run(stdin, Map.of(), args);
    }

    static CliProcess run(String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(stdin, env, new String[0], args);
    }

    static CliProcess runWithJvmOptions(String stdin, String[] jvmOptions, String... args)
            throws IOException, InterruptedException {
        return run(stdin, Map.of(), jvmOptions, args);
    }

    /**
     * Runs the CLI on a pseudo-terminal (util-linux {@code script}), as in a person's shell: standard
     * input and output are a terminal. The output has the terminal's line ends ({@code \r\n}).
     */
    static CliProcess runOnTerminal(Map<String, String> env, String... args) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder();
        for (String part : command(new String[0], args)) {
            line.append('\'').append(part.replace("'", "'\\''")).append("' ");
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", line.toString(), "/dev/null");
        return start(pb, env, null);
    }

    private static List<String> command(String[] jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LlmLabCli.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static CliProcess run(String stdin, Map<String, String> env, String[] jvmOptions, String... args)
            throws IOException, InterruptedException {
        return start(new ProcessBuilder(command(jvmOptions, args)), env, stdin);
    }

    private static CliProcess start(ProcessBuilder pb, Map<String, String> env, String stdin)
            throws IOException, InterruptedException {
        List<String> cmd = pb.command();
        pb.environment().remove(Catalogs.PRICES_ENV);
        pb.environment().remove("NO_COLOR"); // colour tests set it themselves
        pb.environment().putAll(env);
        Path errFile = java.nio.file.Files.createTempFile("llmlab-cli", ".err");
        Path outFile = java.nio.file.Files.createTempFile("llmlab-cli", ".out");
        pb.redirectError(errFile.toFile());
        // output to a file, not a pipe read to its end: a CLI that hangs fails the test after the wait below
        pb.redirectOutput(outFile.toFile());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the CLI did not finish within 60 s: " + cmd);
            }
            return new CliProcess(p.exitValue(), java.nio.file.Files.readString(outFile), java.nio.file.Files.readString(errFile));
        } finally {
            java.nio.file.Files.delete(errFile);
            java.nio.file.Files.delete(outFile);
        }
    }
}

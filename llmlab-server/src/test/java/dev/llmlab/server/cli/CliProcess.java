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

    private static CliProcess run(String stdin, Map<String, String> env, String[] jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LlmLabCli.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(Catalogs.PRICES_ENV);
        pb.environment().putAll(env);
        Path errFile = java.nio.file.Files.createTempFile("llmlab-cli", ".err");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the CLI did not finish: " + cmd);
        }
        String err = java.nio.file.Files.readString(errFile);
        java.nio.file.Files.delete(errFile);
        return new CliProcess(p.exitValue(), out, err);
    }
}

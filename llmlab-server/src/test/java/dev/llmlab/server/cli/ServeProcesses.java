package dev.llmlab.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/** Starts {@code llmlab serve} as a child process and waits for its listening line. */
final class ServeProcesses {
    private ServeProcesses() {
    }

    /**
     * Starts {@code llmlab serve --port PORT --host 127.0.0.1} on the test class path with its home
     * in {@code home}, no {@code DATABASE_URL} and no {@code JWT_SECRET}: the embedded database and
     * the kept secret, as a first-time user runs it.
     *
     * @see #startAndAwaitListening(ProcessBuilder, Duration)
     */
    static Process start(Path home, int port, Duration patience) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LlmLabCli.class.getName(), "serve", "--port",
                String.valueOf(port), "--host", "127.0.0.1"));
        pb.environment().put("LLMLAB_HOME", home.toString());
        pb.environment().remove("DATABASE_URL");
        pb.environment().remove("JWT_SECRET");
        return startAndAwaitListening(pb, patience);
    }

    /**
     * Starts the process (its stderr merged into stdout) and returns once it prints
     * {@code llmlab server listening on}; from then on a daemon thread keeps its output pipe empty.
     *
     * @param pb the {@code llmlab serve} command
     * @param patience how long to wait for the line (checked as each output line arrives)
     * @return the running process
     * @throws AssertionError with everything it printed when it ends or takes too long first
     */
    static Process startAndAwaitListening(ProcessBuilder pb, Duration patience) throws IOException {
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + patience.toNanos();
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(LocalTime.now()).append(' ').append(line).append('\n');
            if (line.contains("llmlab server listening on")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return p;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        p.destroyForcibly();
        throw new AssertionError("llmlab serve did not start:\n" + seen);
    }
}

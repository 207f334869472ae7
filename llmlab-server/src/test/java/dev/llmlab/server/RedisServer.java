package dev.llmlab.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package's {@code /usr/bin/redis-server}) on a free
 * loopback port, without persistence ({@code --save '' --appendonly no}), for the tests of
 * {@code REDIS_URL}. {@link #stop()} ends it; {@link #start()} starts it again on the same port.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** @return a running server on a free loopback port */
    public static RedisServer startNew() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RedisServer r = new RedisServer(s.getLocalPort(), Files.createTempDirectory("llmlab-redis-"));
            s.close();
            r.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the path of redis-server: {@code REDIS_SERVER}, else the Debian package's */
    private static String binary() {
        String b = System.getenv("REDIS_SERVER");
        return b != null && !b.isBlank() ? b : "/usr/bin/redis-server";
    }

    /** Starts the server (again) and waits until it answers. */
    public synchronized void start() {
        if (!Files.isExecutable(Path.of(binary()))) {
            throw new IllegalStateException(binary() + " is missing: install the redis-server package"
                    + " (apt-get install -y redis-server; .ci/run does)");
        }
        try {
            process = new ProcessBuilder(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "yes"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
                }
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("redis-server did not answer within 10 s on port " + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Sends one inline command (words without spaces) and reads the first line of the answer.
     *
     * @param words the command
     * @return the first line of the answer ({@code +PONG}, {@code :3}, {@code $-1}…), or null when
     *     the server cannot be reached
     */
    public String command(String... words) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            s.getOutputStream().write((String.join(" ", words) + "\r\n").getBytes(StandardCharsets.UTF_8));
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = s.getInputStream().read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * @param channel a pub/sub channel
     * @return how many connections are subscribed to it ({@code PUBSUB NUMSUB}), or -1 when the
     *     server cannot be reached
     */
    public int subscribers(String channel) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            s.getOutputStream().write(("PUBSUB NUMSUB " + channel + "\r\n").getBytes(StandardCharsets.UTF_8));
            // *2, $<n>, <channel>, :<count>
            String last = null;
            for (int i = 0; i < 4; i++) {
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = s.getInputStream().read()) >= 0 && c != '\n') {
                    if (c != '\r') {
                        line.append((char) c);
                    }
                }
                last = line.toString();
            }
            return last.startsWith(":") ? Integer.parseInt(last.substring(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Stops the server (kept stopped until {@link #start()}). */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}

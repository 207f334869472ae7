package dev.llmlab.server.auth;

import dev.llmlab.server.ServerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the PBKDF2 work of signups and logins (210,000 HMAC rounds each) on a small fixed pool with a
 * bounded queue, so that a flood of logins takes at most {@link ServerConfig#passwordThreads()}
 * cores and never the threads that serve ingest and summaries. When every worker is busy and the
 * queue is full, a new request is refused at once with 503 {@code busy} and {@code Retry-After: 1}
 * instead of piling up.
 *
 * <p>Controllers run on Micronaut's blocking executor (an unbounded cached pool on Java 17), never on
 * the netty event loop; a login waiting here holds one of those threads, not a CPU.
 */
@Singleton
public final class PasswordWork implements AutoCloseable {
    private final ThreadPoolExecutor pool;

    /** @param config the pool's size and queue length */
    public PasswordWork(ServerConfig config) {
        int threads = config.passwordThreads();
        int queue = config.passwordQueue();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "llmlab-password-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * @param password the new password; not null
     * @return its encoded salted hash ({@link Passwords#hash})
     * @throws RetryLater 503 {@code busy} when the pool and its queue are full
     */
    public String hash(String password) {
        return run(() -> Passwords.hash(password));
    }

    /**
     * @param password the presented password; not null
     * @param encoded the stored hash, or null to spend the same time and fail
     * @return whether the password matches ({@link Passwords#verify})
     * @throws RetryLater 503 {@code busy} when the pool and its queue are full
     */
    public boolean verify(String password, String encoded) {
        return run(() -> Passwords.verify(password, encoded));
    }

    /** Runs work on the pool and waits for it; refuses at once when no worker or queue slot is free. */
    <T> T run(Callable<T> work) {
        Future<T> future;
        try {
            future = pool.submit(work);
        } catch (RejectedExecutionException e) {
            throw RetryLater.busy();
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("password work failed", e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for password work", e);
        }
    }

    /** @return how many tasks wait in the queue (none running counted) */
    int queued() {
        return pool.getQueue().size();
    }

    /** @return how many workers are running a task */
    int active() {
        return pool.getActiveCount();
    }

    /** Stops the workers; password work still queued is cancelled, so no request waits for it forever. */
    @PreDestroy
    @Override
    public void close() {
        for (Runnable queuedWork : pool.shutdownNow()) {
            if (queuedWork instanceof Future<?> f) {
                f.cancel(false);
            }
        }
    }
}

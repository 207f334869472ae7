package dev.llmlab.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PBKDF2 runs on a bounded pool of its own. With one worker and one queue slot, held busy by the
 * test itself, the structure shows without timing anything: other requests are still served, and a
 * password check beyond the queue is refused at once instead of waiting.
 */
class PasswordWorkTest {
    private static LlmLabServer server;
    private static PasswordWork work;
    private static Api api;
    private ExecutorService threads;
    private CountDownLatch release;

    @BeforeAll
    static void start() {
        server = LlmLabServer.start(TestServers.config().passwordWorkers(1, 1).build());
        work = server.context().getBean(PasswordWork.class);
        api = new Api(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void setUp() {
        threads = Executors.newCachedThreadPool();
        release = new CountDownLatch(1);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        threads.shutdownNow();
    }

    /** Occupies the worker until {@link #release} opens. */
    private void occupyWorker() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        threads.submit(() -> work.run(() -> {
            running.countDown();
            return release.await(2, TimeUnit.MINUTES);
        }));
        assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
    }

    private static void awaitState(BooleanSupplier state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!state.getAsBoolean()) {
            assertThat(System.nanoTime()).as("state not reached within a minute").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void saturated_otherRequestsAreServed_extraLoginsRefused503_queuedLoginCompletes() throws Exception {
        Api.Account a = api.signup();
        occupyWorker();
        Future<Api.Response> queued = threads.submit(() -> api.login(a.email(), a.password()));
        awaitState(() -> work.queued() == 1);

        Api.Response refused = api.login(a.email(), a.password());
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.errorCode()).isEqualTo("busy");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        Api.Response signup = api.post("/auth/signup", "{\"email\":\"busy-" + UUID.randomUUID()
                + "@example.com\",\"password\":\"long enough password\"}", null);
        assertThat(signup.status()).isEqualTo(503);
        assertThat(signup.header("Retry-After")).isEqualTo("1");

        // A login waits for the worker, another one was refused, and the rest of the API answers.
        assertThat(api.get("/api/keys", a.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/costs/summary", a.apiKey()).status()).isEqualTo(200);
        assertThat(api.post("/api/events/track", "{\"provider\":\"openai\",\"model\":\"gpt-4o\"}", a.apiKey()).status())
                .isEqualTo(200);
        assertThat(queued.isDone()).isFalse();

        release.countDown();
        assertThat(queued.get(1, TimeUnit.MINUTES).status()).isEqualTo(200);
    }

    @Test
    void refusedForBusy_isNotAFailedLogin() throws Exception {
        Api.Account a = api.signup();
        occupyWorker();
        threads.submit(() -> work.run(() -> release.await(2, TimeUnit.MINUTES)));
        awaitState(() -> work.queued() == 1);
        for (int i = 0; i < 7; i++) {
            assertThat(api.login(a.email(), "wrong password " + i).status()).isEqualTo(503);
        }
        release.countDown();
        awaitState(() -> work.queued() == 0 && work.active() == 0);
        assertThat(api.login(a.email(), a.password()).status()).isEqualTo(200);
    }
}

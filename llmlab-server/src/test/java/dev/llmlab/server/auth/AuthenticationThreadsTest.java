package dev.llmlab.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * Authentication reads the database (the API key's row), so it runs where the controllers run, on
 * the blocking executor, never on netty's event loops: while the key lookups of many requests wait
 * for a slow database, a request that needs no database is still answered at once.
 */
class AuthenticationThreadsTest {
    /** More connections than the server has event loops, so that each loop gets some. */
    private static final int WAITING = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

    @Test
    void keyLookupsWaitingOnTheDatabase_doNotHoldTheEventLoops() throws Exception {
        Api.Account a = TestServers.api().signup();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest read = HttpRequest.newBuilder(TestServers.first().uri().resolve("/api/keys"))
                .header("Authorization", "Bearer " + a.apiKey()).timeout(Duration.ofSeconds(60)).GET().build();
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        try (Handle lock = TestServers.jdbi().open()) {
            lock.begin();
            lock.execute("LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE");
            try {
                for (int i = 0; i < WAITING; i++) {
                    waiting.add(http.sendAsync(read, HttpResponse.BodyHandlers.ofString()));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (blockedOnTheLock() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(blockedOnTheLock()).as("key lookups waiting for the lock").isPositive();
                Thread.sleep(1_000); // the other requests reach their lookups too
                HttpResponse<String> probe = http.send(HttpRequest.newBuilder(TestServers.first().uri()
                        .resolve("/no/such/endpoint")).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(probe.statusCode()).isEqualTo(404);
                assertThat(waiting).noneMatch(CompletableFuture::isDone);
            } finally {
                lock.rollback();
            }
        }
        for (CompletableFuture<HttpResponse<String>> f : waiting) {
            assertThat(f.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private static int blockedOnTheLock() {
        return TestServers.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                WHERE c.relname = 'api_keys' AND NOT l.granted""").mapTo(Integer.class).one());
    }
}

package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.llmlab.core.LlmLab;
import dev.llmlab.core.budget.Budget;
import dev.llmlab.core.budget.BudgetCheckFailure;
import dev.llmlab.core.budget.BudgetCheckUnavailableException;
import dev.llmlab.core.budget.BudgetExceededException;
import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.HttpSink;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import dev.llmlab.spi.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real trackers ask a real server's budget check on loopback: the server's hard limit holds across
 * trackers (processes), the cache counts what it lets through and lasts its TTL, and a server that
 * cannot answer fails open or closed as chosen.
 */
class ServerBudgetCheckTrackerTest {
    private static final BigDecimal CENT = new BigDecimal("0.01");
    private final Api api = TestServers.api();
    private final URI server = TestServers.first().uri();
    private final List<LlmLab> trackers = new ArrayList<>();
    private final AtomicInteger callsMade = new AtomicInteger();
    @TempDir
    Path spool;

    @AfterEach
    void closeTrackers() {
        trackers.forEach(LlmLab::close);
    }

    private LlmLab tracker(URI at, String apiKey, Duration ttl, BudgetCheckFailure failure, HttpSink sink) {
        LlmLab.Builder b = LlmLab.builder().catalog(TestServers.catalog()).shutdownHook(false)
                .defaultTag("project", "search")
                .serverBudgetCheck(at, apiKey).budgetCheckCacheTtl(ttl).budgetCheckFailure(failure)
                .budgetCheckTimeout(Duration.ofSeconds(10));
        if (sink != null) {
            b.sink(sink);
        }
        LlmLab lab = b.build();
        trackers.add(lab);
        return lab;
    }

    private HttpSink sink(String apiKey, String name) {
        return HttpSink.builder(server).apiKey(apiKey).spoolDirectory(spool.resolve(name)).build();
    }

    /** One gpt-4o call of 4,000 input tokens: exactly $0.01, declared as its estimate. */
    private Usage call(LlmLab lab) {
        return lab.track(CallOptions.provider("openai").model("gpt-4o").estimatedMaxCostUsd(CENT), () -> {
            callsMade.incrementAndGet();
            return Usage.builder("openai", "gpt-4o").inputTokens(4000).build();
        });
    }

    private static void delivered(LlmLab lab, HttpSink sink, long events) throws InterruptedException {
        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sink.sent() < events && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sink.sent()).as("events the sink delivered").isEqualTo(events);
    }

    private String hardBudget(Api.Account a, String limit) {
        Api.Response r = api.post("/api/budgets", "{\"name\":\"search\",\"limit_usd\":\"" + limit + "\",\"mode\":\"hard\","
                + "\"scope\":{\"tags\":{\"project\":\"search\"}}}", a.token());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("id").asText();
    }

    @Test
    void twoTrackers_togetherStopAtTheServersLimit() throws Exception {
        Api.Account a = api.signup();
        String id = hardBudget(a, "0.05");
        Duration ttl = Duration.ofMillis(100);
        HttpSink sinkA = sink(a.apiKey(), "a");
        HttpSink sinkB = sink(a.apiKey(), "b");
        LlmLab first = tracker(server, a.apiKey(), ttl, BudgetCheckFailure.FAIL_CLOSED, sinkA);
        LlmLab second = tracker(server, a.apiKey(), ttl, BudgetCheckFailure.FAIL_CLOSED, sinkB);
        long sentA = 0;
        long sentB = 0;
        for (int i = 0; i < 5; i++) {
            if (i % 2 == 0) {
                call(first);
                delivered(first, sinkA, ++sentA);
            } else {
                call(second);
                delivered(second, sinkB, ++sentB);
            }
            Thread.sleep(ttl.toMillis() + 20);
        }
        assertThat(api.get("/api/budgets/" + id, a.token()).body().get("state").get("spent_usd").asText())
                .isEqualTo("0.050000");
        // Each tracker alone made 3 or 2 calls; the server's limit stops both.
        BudgetExceededException refused = org.assertj.core.api.Assertions.catchThrowableOfType(() -> call(second),
                BudgetExceededException.class);
        assertThat(refused).isNotNull().isNotInstanceOf(BudgetCheckUnavailableException.class);
        assertThat(refused.budgetName()).isEqualTo("search");
        assertThat(refused.spentUsd()).isEqualByComparingTo("0.05");
        assertThat(refused.limitUsd()).isEqualByComparingTo("0.05");
        assertThatThrownBy(() -> call(first)).isInstanceOf(BudgetExceededException.class);
        assertThat(callsMade).hasValue(5);
    }

    @Test
    void withinOneTtl_theTrackerCountsTheEstimatesItLetThrough() {
        Api.Account a = api.signup();
        hardBudget(a, "0.05");
        // No sink: the server never hears of these calls; the cached answer alone must stop the sixth.
        LlmLab lab = tracker(server, a.apiKey(), Duration.ofMinutes(5), BudgetCheckFailure.FAIL_CLOSED, null);
        for (int i = 0; i < 5; i++) {
            call(lab);
        }
        BudgetExceededException refused = org.assertj.core.api.Assertions.catchThrowableOfType(() -> call(lab),
                BudgetExceededException.class);
        assertThat(refused.spentUsd()).isEqualByComparingTo("0");
        assertThat(refused.reservedUsd()).isEqualByComparingTo("0.05");
        assertThat(callsMade).hasValue(5);
        // Other tags are another question: out of the budget's scope, they go ahead.
        lab.track(CallOptions.provider("openai").tag("project", "ads").estimatedMaxCostUsd(CENT),
                () -> callsMade.incrementAndGet());
        assertThat(callsMade).hasValue(6);
    }

    @Test
    void cachedAnswer_isUsedForItsTtl_thenAskedAgain() throws Exception {
        Api.Account a = api.signup();
        hardBudget(a, "0.05");
        Duration ttl = Duration.ofMillis(1500);
        LlmLab lab = tracker(server, a.apiKey(), ttl, BudgetCheckFailure.FAIL_CLOSED, null);
        call(lab);
        long asked = System.nanoTime();
        // Another process spends the whole limit.
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 4000, 0, 0, at, "{\"project\":\"search\"}"));
        }
        assertThat(api.post("/api/events/track", Events.batch(events), a.apiKey()).status()).isEqualTo(200);
        call(lab); // within the TTL: the cached answer (0.05 left, 0.01 let through) still admits it
        assertThat(System.nanoTime() - asked).as("still within the TTL").isLessThan(ttl.toNanos());
        Thread.sleep(ttl.toMillis() + 50);
        assertThatThrownBy(() -> call(lab)).isInstanceOf(BudgetExceededException.class)
                .hasMessageContaining("'search'");
        assertThat(callsMade).hasValue(2);
    }

    @Test
    void serverRefusal_releasesTheInProcessReservation() {
        Api.Account a = api.signup();
        hardBudget(a, "0.005");
        LlmLab lab = LlmLab.builder().catalog(TestServers.catalog()).shutdownHook(false).defaultTag("project", "search")
                .budget(Budget.builder("local").daily(ZoneOffset.UTC).limitUsd("1.00").hard().build())
                .serverBudgetCheck(server, a.apiKey()).build();
        trackers.add(lab);
        assertThatThrownBy(() -> call(lab)).isInstanceOf(BudgetExceededException.class).hasMessageContaining("'search'");
        assertThat(lab.budgets().get(0).reservedUsd()).isEqualByComparingTo("0");
        assertThat(callsMade).hasValue(0);
    }

    @Test
    void serverDown_failOpenCalls_failClosedRefuses_withoutTheKey() throws Exception {
        URI closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        String key = "llm_" + "s3cretKeyThatMustNeverBeShown0123456789abc";
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.llmlab.core.ServerBudgetCheck");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        LlmLab open = tracker(closed, key, Duration.ofSeconds(1), BudgetCheckFailure.FAIL_OPEN, null);
        LlmLab shut = tracker(closed, key, Duration.ofSeconds(1), BudgetCheckFailure.FAIL_CLOSED, null);
        call(open);
        assertThat(callsMade).hasValue(1);
        assertThatThrownBy(() -> call(shut)).isExactlyInstanceOf(BudgetCheckUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + closed.getPort())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key).doesNotContain("s3cret"));
        assertThat(callsMade).hasValue(1);
        log.removeHandler(capture);
        assertThat(logged).isNotEmpty().allSatisfy(m -> assertThat(m).doesNotContain("s3cret"));
    }

    @Test
    void serverAnswers500OrGarbage_failOpenCalls_failClosedRefuses() throws Exception {
        AtomicInteger status = new AtomicInteger(500);
        String[] body = {"{\"error\":{\"code\":\"internal\"}}"};
        HttpServer fake = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", exchange -> {
            byte[] bytes = body[0].getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        fake.start();
        try {
            URI at = URI.create("http://127.0.0.1:" + fake.getAddress().getPort());
            String key = "llm_anotherSecretKey000000000000000000000000";
            Duration ttl = Duration.ofMillis(50);
            LlmLab open = tracker(at, key, ttl, BudgetCheckFailure.FAIL_OPEN, null);
            LlmLab shut = tracker(at, key, ttl, BudgetCheckFailure.FAIL_CLOSED, null);
            call(open);
            assertThatThrownBy(() -> call(shut)).isExactlyInstanceOf(BudgetCheckUnavailableException.class)
                    .hasMessageContaining("HTTP 500").satisfies(e -> assertThat(e.getMessage()).doesNotContain(key));
            Thread.sleep(ttl.toMillis() + 20);
            status.set(200);
            body[0] = "<html>upstream says hello</html>";
            call(open);
            assertThatThrownBy(() -> call(shut)).isExactlyInstanceOf(BudgetCheckUnavailableException.class)
                    .hasMessageContaining("not JSON");
            Thread.sleep(ttl.toMillis() + 20);
            body[0] = "{\"allowed\":true,\"budgets\":[{\"name\":\"x\",\"limit_usd\":\"ten\",\"spent_usd\":\"0\"}]}";
            call(open);
            assertThatThrownBy(() -> call(shut)).isExactlyInstanceOf(BudgetCheckUnavailableException.class)
                    .hasMessageContaining("budgets[0].limit_usd");
            assertThat(callsMade).hasValue(3);
            // The server recovers: the next question after the TTL is answered, and the call goes ahead.
            Thread.sleep(ttl.toMillis() + 20);
            body[0] = "{\"allowed\":true,\"budgets\":[{\"name\":\"x\",\"limit_usd\":\"10\",\"spent_usd\":\"0\"}]}";
            call(shut);
            assertThat(callsMade).hasValue(4);
        } finally {
            fake.stop(0);
        }
    }

    @Test
    void wrongKey_isAFailure_refusedWhenFailingClosed_withoutTheKey() {
        String key = "llm_notARealKeyButLongEnough00000000000000000";
        LlmLab shut = tracker(server, key, Duration.ofSeconds(1), BudgetCheckFailure.FAIL_CLOSED, null);
        assertThatThrownBy(() -> call(shut)).isExactlyInstanceOf(BudgetCheckUnavailableException.class)
                .hasMessageContaining("HTTP 401").satisfies(e -> assertThat(e.getMessage()).doesNotContain(key));
    }
}

package dev.llmlab.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failed logins are throttled per account and per client address, with the counts in the database.
 * The instance under test trusts {@code X-Forwarded-For} from loopback, so each test logs in "from"
 * addresses of its own; its first wait is a minute, so no test depends on how fast it runs.
 */
class LoginThrottleTest {
    private static final LoginLimits LIMITS = new LoginLimits(5, 8, Duration.ofMinutes(1), Duration.ofMinutes(15),
            Duration.ofHours(1));
    private static LlmLabServer server;
    private static Api api;

    @BeforeAll
    static void start() {
        server = LlmLabServer.start(TestServers.config().loginLimits(LIMITS)
                .trustedProxies(List.of("127.0.0.1", "10.0.0.0/8")).build());
        api = new Api(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "198.18." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private static Api.Response login(String email, String password, String from) {
        return api.post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null,
                Map.of("X-Forwarded-For", from));
    }

    private static String unknownEmail() {
        return "nobody-" + UUID.randomUUID() + "@example.com";
    }

    private static int failures(String kind, String value) {
        return TestServers.jdbi().withHandle(h -> h.createQuery("SELECT coalesce(max(failures), 0) FROM login_failures"
                + " WHERE kind = :kind AND subject = sha256(convert_to(:value, 'UTF8'))")
                .bind("kind", kind).bind("value", value).mapTo(Integer.class).one());
    }

    /** Moves an account's count into the past, as if time had passed. */
    private static void age(String email, String interval, boolean unlock) {
        TestServers.jdbi().useHandle(h -> h.createUpdate("UPDATE login_failures SET last_failure_at = now() - CAST(:i"
                + " AS interval)" + (unlock ? ", locked_until = now() - interval '1 second'" : "")
                + " WHERE kind = 'account' AND subject = sha256(convert_to(:e, 'UTF8'))")
                .bind("i", interval).bind("e", email).execute());
    }

    @Test
    void fiveFailures_thenEvenTheRightPasswordWaits_429WithRetryAfter() {
        Api.Account a = api.signup();
        String from = newAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(login(a.email(), "wrong password " + i, from).status()).isEqualTo(401);
        }
        Api.Response r = login(a.email(), a.password(), newAddress());
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.errorCode()).isEqualTo("too_many_attempts");
        assertThat(r.errorField()).isNull();
        assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(r.body().path("error").path("message").asText()).contains("try again in");
    }

    @Test
    void unknownEmail_isThrottledExactlyLikeAKnownOne() {
        Api.Account a = api.signup();
        String unknown = unknownEmail();
        String from = newAddress();
        for (int i = 0; i < 5; i++) {
            Api.Response known = login(a.email(), "wrong password", from);
            Api.Response none = login(unknown, "wrong password", newAddress());
            assertThat(none.status()).isEqualTo(known.status()).isEqualTo(401);
            assertThat(none.text()).isEqualTo(known.text());
        }
        Api.Response known = login(a.email(), "wrong password", from);
        Api.Response none = login(unknown, "wrong password", newAddress());
        assertThat(none.status()).isEqualTo(known.status()).isEqualTo(429);
        assertThat(none.text().replaceAll("\\d+", "N")).isEqualTo(known.text().replaceAll("\\d+", "N"));
    }

    @Test
    void lockOut_endsOnItsOwn_andASuccessStartsTheCountAfresh() {
        Api.Account a = api.signup();
        String from = newAddress();
        for (int i = 0; i < 5; i++) {
            login(a.email(), "wrong password", from);
        }
        assertThat(login(a.email(), a.password(), from).status()).isEqualTo(429);
        age(a.email(), "1 second", true);
        assertThat(login(a.email(), a.password(), from).status()).isEqualTo(200);
        assertThat(failures("account", a.email())).isZero();
        // Had the count survived the success, this attempt would be the 7th and the next one would wait.
        assertThat(login(a.email(), "wrong password", from).status()).isEqualTo(401);
        assertThat(login(a.email(), "wrong password", from).status()).isEqualTo(401);
    }

    @Test
    void failuresOlderThanTheWindow_areForgotten() {
        Api.Account a = api.signup();
        String from = newAddress();
        for (int i = 0; i < 5; i++) {
            login(a.email(), "wrong password", from);
        }
        age(a.email(), "61 minutes", true);
        assertThat(login(a.email(), "wrong password", from).status()).isEqualTo(401);
        assertThat(failures("account", a.email())).isEqualTo(1);
        assertThat(login(a.email(), a.password(), from).status()).isEqualTo(200);
    }

    @Test
    void waitDoublesWithEachFurtherFailure() {
        String email = unknownEmail();
        String from = newAddress();
        for (int i = 0; i < 5; i++) {
            login(email, "wrong password", from);
        }
        long first = Long.parseLong(login(email, "wrong password", from).header("Retry-After"));
        age(email, "1 second", true);
        assertThat(login(email, "wrong password", from).status()).isEqualTo(401);
        long second = Long.parseLong(login(email, "wrong password", from).header("Retry-After"));
        assertThat(first).isBetween(1L, 60L);
        assertThat(second).isBetween(61L, 120L);
        assertThat(failures("account", email)).isEqualTo(6);
    }

    @Test
    void parallelGuesses_onlyFiveArePasswordChecked() throws Exception {
        Api.Account a = api.signup();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String from = newAddress();
                Callable<Integer> guess = () -> {
                    go.await();
                    return login(a.email(), "guess " + from, from).status();
                };
                results.add(pool.submit(guess));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get(120, TimeUnit.SECONDS));
            }
            assertThat(statuses).filteredOn(s -> s == 401).hasSize(5);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(15);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void address_failuresAcrossManyEmails_makeTheAddressWait_evenForARealAccount() {
        Api.Account a = api.signup();
        String from = newAddress();
        for (int i = 0; i < LIMITS.addressFailures(); i++) {
            assertThat(login(unknownEmail(), "wrong password", from).status()).isEqualTo(401);
        }
        Api.Response r = login(a.email(), a.password(), from);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isNotNull();
        assertThat(login(a.email(), a.password(), newAddress()).status()).as("from elsewhere").isEqualTo(200);
        assertThat(failures("account", a.email())).as("a refused attempt is not counted").isZero();
    }

    @Test
    void address_aSuccessDoesNotClearTheAddressCount() {
        Api.Account mine = api.signup();
        String from = newAddress();
        for (int i = 0; i < LIMITS.addressFailures() - 1; i++) {
            login(unknownEmail(), "wrong password", from);
        }
        assertThat(login(mine.email(), mine.password(), from).status()).isEqualTo(200);
        assertThat(login(unknownEmail(), "wrong password", from).status()).isEqualTo(401);
        assertThat(login(unknownEmail(), "wrong password", from).status()).isEqualTo(429);
    }

    @Test
    void forwardedFor_theRightmostUntrustedHopIsTheClient() {
        String spoofed = newAddress();
        String client = newAddress();
        login(unknownEmail(), "wrong password", spoofed + ", " + client + ", 10.1.2.3");
        assertThat(failures("address", client)).isEqualTo(1);
        assertThat(failures("address", spoofed)).isZero();
        assertThat(failures("address", "10.1.2.3")).isZero();
    }

    @Test
    void forwardedFor_ipv6ClientsCountByTheirSlash64() {
        String net = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":7";
        login(unknownEmail(), "wrong password", net + "::1");
        login(unknownEmail(), "wrong password", net + ":ffff:ffff:ffff:ffff");
        assertThat(failures("address", net + ":0:0:0:0/64")).isEqualTo(2);
    }

    @Test
    void forwardedFor_ignoredFromAPeerThatIsNotATrustedProxy() {
        Api plain = TestServers.api(); // trusts no proxy
        String claimed = newAddress();
        int before = failures("address", "127.0.0.1");
        Api.Response r = plain.post("/auth/login", "{\"email\":\"" + unknownEmail() + "\",\"password\":\"wrong one\"}",
                null, Map.of("X-Forwarded-For", claimed));
        assertThat(r.status()).isEqualTo(401);
        assertThat(failures("address", claimed)).isZero();
        assertThat(failures("address", "127.0.0.1")).isEqualTo(before + 1);
    }

    @Test
    void idleCounts_areDeleted_lockedOrRecentOnesKept() {
        String idle = unknownEmail();
        String recent = unknownEmail();
        String locked = unknownEmail();
        String from = newAddress();
        login(idle, "wrong password", from);
        login(recent, "wrong password", from);
        login(locked, "wrong password", from);
        age(idle, "2 hours", false);
        age(locked, "2 hours", false);
        TestServers.jdbi().useHandle(h -> h.createUpdate("UPDATE login_failures SET locked_until = now() + interval"
                + " '5 minutes' WHERE kind = 'account' AND subject = sha256(convert_to(:e, 'UTF8'))")
                .bind("e", locked).execute());
        server.context().getBean(LoginThrottle.class).forgetIdle();
        assertThat(failures("account", idle)).isZero();
        assertThat(failures("account", recent)).isEqualTo(1);
        assertThat(failures("account", locked)).isEqualTo(1);
    }
}

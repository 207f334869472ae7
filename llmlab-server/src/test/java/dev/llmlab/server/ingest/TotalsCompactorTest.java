package dev.llmlab.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.math.BigInteger;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class TotalsCompactorTest {
    private static final String MAX = Long.toString(Long.MAX_VALUE);
    private final Api api = TestServers.api();
    private final Jdbi jdbi = TestServers.jdbi();

    @Test
    void compact_foldsDeltasIntoTotals_summaryUnchanged() {
        Api.Account a = api.signup();
        for (int b = 0; b < 3; b++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1000, 0, 100, "2025-06-06T06:06:06Z",
                        "{\"project\":\"c\"}"));
            }
            api.post("/api/events/track", Events.batch(events), a.apiKey());
        }
        String q = "/api/costs/summary?period=day&at=2025-06-06&group_by=tag:project";
        String before = api.get(q, a.token()).text();
        new TotalsCompactor(jdbi).compact();
        long deltas = jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM usage_deltas WHERE user_id = :u").bind("u", a.userId()).mapTo(Long.class).one());
        assertThat(deltas).isZero();
        long rows = jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM usage_totals WHERE user_id = :u").bind("u", a.userId()).mapTo(Long.class).one());
        assertThat(rows).isEqualTo(1);
        assertThat(api.get(q, a.token()).text()).isEqualTo(before);
        assertThat(Events.totalsCount(a.userId())).isEqualTo(30);
    }

    @Test
    void tokenSums_beyondBigint_foldExactly() {
        UUID user = api.signup().userId();
        insertUsageDelta(user, "1", MAX);
        insertUsageDelta(user, "1", MAX);
        awaitFolded(user);
        insertUsageDelta(user, "1", MAX); // onto the existing total row
        awaitFolded(user);
        List<Object> totals = jdbi.withHandle(h -> h.createQuery(
                "SELECT events, input_tokens, output_tokens FROM usage_totals WHERE user_id = :u")
                .bind("u", user).map((rs, ctx) -> List.<Object>of(rs.getString(1), rs.getString(2), rs.getString(3)))
                .one());
        BigInteger three = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.valueOf(3));
        assertThat(totals).extracting(Object::toString).containsExactly("3", three.toString(), three.toString());
        assertThat(held(user, "usage_deltas")).isZero();
    }

    @Test
    void poisonedAccount_isHeldBack_otherAccountsKeepFolding_loggedOncePerGroup() throws InterruptedException {
        Records log = Records.attach();
        try {
            Api.Account poisoned = api.signup();
            poison(poisoned.userId());
            Api.Account other = api.signup();
            track(other, 10, "2025-06-06T06:05:00Z");
            awaitFolded(other.userId());
            assertThat(Events.totalsCount(other.userId())).isEqualTo(10);
            long tagEvents = jdbi.withHandle(h -> h.createQuery(
                    "SELECT sum(events) FROM tag_totals WHERE user_id = :u").bind("u", other.userId())
                    .mapTo(Long.class).one());
            assertThat(tagEvents).isEqualTo(10);
            // another instance's compactor may still be holding the poisoned rows back: wait until
            // none of them is left unheld
            awaitFolded(poisoned.userId());
            assertThat(held(poisoned.userId(), "usage_deltas")).isEqualTo(2);
            assertThat(held(poisoned.userId(), "tag_deltas")).isEqualTo(2);

            Thread.sleep(3_000); // three more ticks on each server instance
            new TotalsCompactor(jdbi).tick();
            List<LogRecord> warnings = log.atLeast(Level.WARNING);
            assertThat(warnings).hasSize(2);
            assertThat(warnings).allSatisfy(r -> {
                assertThat(r.getThrown()).isNull();
                assertThat(r.getMessage()).doesNotContain("\n").contains(poisoned.userId().toString())
                        .contains("bigint out of range");
            });
            assertThat(warnings).extracting(LogRecord::getMessage).anySatisfy(m -> assertThat(m).contains("usage_deltas"))
                    .anySatisfy(m -> assertThat(m).contains("tag_deltas"));
        } finally {
            log.detach();
        }
    }

    @Test
    void poisonedAccount_summaryStillCountsHeldRowsExactly_andNewEventsFold() {
        Api.Account poisoned = api.signup();
        poison(poisoned.userId());
        awaitFolded(poisoned.userId());
        track(poisoned, 1, "2025-06-06T06:05:00Z"); // same bucket, provider, model and tag as the held rows
        awaitFolded(poisoned.userId());
        assertThat(held(poisoned.userId(), "usage_deltas")).isEqualTo(2);

        Api.Response r = api.get("/api/costs/summary?period=day&at=2025-06-06&group_by=tag:project", poisoned.token());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode s = r.body();
        String expected = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO).add(BigInteger.ONE).toString();
        assertThat(s.get("events").bigIntegerValue()).hasToString(expected);
        assertThat(s.get("total_usd").asText()).isEqualTo("3.002500");
        assertThat(s.get("by_tag").get(0).get("events").bigIntegerValue()).hasToString(expected);
        assertThat(s.get("daily").get(0).get("cost_usd").asText()).isEqualTo("3.002500");
    }

    @Test
    void databaseUnreachable_loggedOnceWithTrace_notEveryTick() {
        Records log = Records.attach();
        try {
            TotalsCompactor compactor = new TotalsCompactor(Jdbi.create("jdbc:postgresql://127.0.0.1:1/none"));
            for (int i = 0; i < 20; i++) {
                compactor.tick();
            }
            List<LogRecord> warnings = log.atLeast(Level.WARNING);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getThrown()).isNotNull();
        } finally {
            log.detach();
        }
    }

    @Test
    void databaseFlapping_failureAndRecoveryLoggedOnce_notEveryCycle() {
        Records log = Records.attach();
        try {
            var db = TestServers.database();
            int[] opened = {0};
            TotalsCompactor compactor = new TotalsCompactor(Jdbi.create(() -> {
                if (opened[0]++ % 2 == 0) {
                    throw new SQLException("connection refused (simulated)", "08001");
                }
                return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.connection().password());
            }));
            for (int i = 0; i < 20; i++) {
                compactor.tick();
            }
            assertThat(log.atLeast(Level.WARNING)).hasSize(1);
            assertThat(log.atLeast(Level.INFO)).hasSize(2); // the failure and one recovery line
        } finally {
            log.detach();
        }
    }

    /** Two delta rows per table whose event counts overflow bigint when added: no ingest writes such rows. */
    private void poison(UUID user) {
        insertUsageDelta(user, MAX, "10");
        insertUsageDelta(user, MAX, "10");
        jdbi.useHandle(h -> {
            for (int i = 0; i < 2; i++) {
                h.createUpdate("""
                        INSERT INTO tag_deltas (user_id, tag_key, bucket, tag_value, events, unpriced_events, cost_usd)
                        VALUES (:u, 'project', '2025-06-06T06:00:00Z', 'p', %s, 0, 1.5)
                        """.formatted(MAX)).bind("u", user).execute();
            }
        });
    }

    private void insertUsageDelta(UUID user, String events, String tokens) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO usage_deltas (user_id, bucket, provider, model, events, unpriced_events, cost_usd,
                                          input_tokens, output_tokens)
                VALUES (:u, '2025-06-06T06:00:00Z', 'openai', 'gpt-4o', %s, 0, 1.5, %s, %s)
                """.formatted(events, tokens, tokens)).bind("u", user).execute());
    }

    private void track(Api.Account a, int n, String at) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1000, 0, 0, at, "{\"project\":\"p\"}"));
        }
        assertThat(api.post("/api/events/track", Events.batch(events), a.apiKey()).body().get("accepted").asInt())
                .isEqualTo(n);
    }

    /** Waits until no delta row of the account is pending (folded or held), folding meanwhile. */
    private void awaitFolded(UUID user) {
        TotalsCompactor compactor = new TotalsCompactor(jdbi);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            compactor.compact();
            long pending = jdbi.withHandle(h -> h.createQuery("""
                    SELECT (SELECT count(*) FROM usage_deltas WHERE user_id = :u AND held_at IS NULL)
                         + (SELECT count(*) FROM tag_deltas WHERE user_id = :u AND held_at IS NULL)
                    """).bind("u", user).mapTo(Long.class).one());
            if (pending == 0) {
                return;
            }
            assertThat(System.nanoTime()).as("deltas of " + user + " still pending").isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private long held(UUID user, String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table
                + " WHERE user_id = :u AND held_at IS NOT NULL").bind("u", user).mapTo(Long.class).one());
    }

    /** The compactor's log records while attached (System.Logger goes to java.util.logging here). */
    private static final class Records extends Handler {
        private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());

        static Records attach() {
            Records r = new Records();
            Logger.getLogger(TotalsCompactor.class.getName()).addHandler(r);
            return r;
        }

        void detach() {
            Logger.getLogger(TotalsCompactor.class.getName()).removeHandler(this);
        }

        List<LogRecord> atLeast(Level level) {
            synchronized (records) {
                return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).toList();
            }
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}

package dev.llmlab.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The persisted retry schedule with the default settings: 10 s doubling, ±50 %, 24 h window. */
class OutboxScheduleTest {
    private final Outbox outbox = new Outbox(TestServers.jdbi(), AlertSettings.DEFAULT);

    @Test
    void failedAttempts_retriedAfterExponentialJitteredIntervals() {
        UUID delivery = parked(Instant.now());
        Delivery.Failed down = new Delivery.Failed(503, "HTTP 503", false);
        double low = 5;
        double high = 15;
        for (int attempt = 1; attempt <= 4; attempt++) {
            Instant before = Instant.now();
            assertThat(outbox.record(delivery, down)).isEqualTo("pending");
            double wait = Duration.between(before, next(delivery)).toMillis() / 1000.0;
            assertThat(wait).as("wait after attempt %d", attempt).isBetween(low - 1, high + 1);
            low *= 2;
            high *= 2;
        }
        assertThat(AlertFixtures.row(delivery).attempts()).isEqualTo(4);
        assertThat(AlertFixtures.attempts(delivery)).containsOnly("retry:503").hasSize(4);
    }

    @Test
    void lastRetry_atTheEndOfTheWindow_thenFailed() {
        UUID delivery = parked(Instant.now());
        // three seconds of the window left, by the database's clock
        Instant created = TestServers.jdbi().withHandle(h -> h.createQuery("""
                        UPDATE alert_deliveries SET created_at = now() - interval '24 hours' + interval '3 seconds'
                        WHERE id = :id RETURNING created_at
                        """).bind("id", delivery).mapTo(OffsetDateTime.class).one()).toInstant();
        Delivery.Failed down = new Delivery.Failed(null, "no answer", false);
        assertThat(outbox.record(delivery, down)).isEqualTo("pending");
        assertThat(next(delivery)).isEqualTo(created.plus(Duration.ofHours(24)));
        TestServers.jdbi().useHandle(h -> h.createUpdate(
                "UPDATE alert_deliveries SET created_at = created_at - interval '1 minute' WHERE id = :id")
                .bind("id", delivery).execute());
        assertThat(outbox.record(delivery, down)).isEqualTo("failed");
        assertThat(AlertFixtures.row(delivery).lastError()).isEqualTo("no answer");
        assertThat(AlertFixtures.attempts(delivery)).containsExactly("retry:-", "failed:-");
        assertThat(outbox.record(delivery, new Delivery.Delivered(200))).as("no longer pending").isNull();
    }

    /** @return a pending delivery no sender will claim (due in an hour), created at {@code created} */
    private static UUID parked(Instant created) {
        UUID user = TestServers.api().signup().userId();
        UUID budget = AlertFixtures.budget(user, "[]");
        UUID delivery = AlertFixtures.delivery(AlertFixtures.alert(user, budget, created), 0, "webhook", created);
        TestServers.jdbi().useHandle(h -> h.createUpdate(
                "UPDATE alert_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE id = :id")
                .bind("id", delivery).execute());
        return delivery;
    }

    private static Instant next(UUID delivery) {
        return TestServers.jdbi().withHandle(h -> h.createQuery(
                        "SELECT next_attempt_at FROM alert_deliveries WHERE id = :id")
                .bind("id", delivery).mapTo(OffsetDateTime.class).one()).toInstant();
    }
}

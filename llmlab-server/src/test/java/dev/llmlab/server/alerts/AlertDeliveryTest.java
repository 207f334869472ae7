package dev.llmlab.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.Api;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outbox sender against real receivers on loopback, with a schedule of milliseconds. */
class AlertDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "a-shared-secret-of-32-characters";
    private final Api api = TestServers.api();

    @BeforeAll
    static void sender() {
        AlertServers.sender();
    }

    @Test
    void webhook_receivesStoredPayload_signedVerifiably_sameAlertIdHeader() throws Exception {
        try (Receiver r = Receiver.answering(200)) {
            UUID user = api.signup().userId();
            UUID budget = AlertFixtures.budget(user, webhook(r.url("/llmlab")));
            UUID alert = AlertFixtures.alert(user, budget, Instant.now());
            UUID delivery = AlertFixtures.delivery(alert, 0, "webhook", Instant.now());
            AlertFixtures.await(Duration.ofSeconds(20), "delivered", () -> "delivered".equals(
                    AlertFixtures.row(delivery).status()));

            assertThat(r.requests()).hasSize(1);
            Receiver.Request req = r.requests().get(0);
            assertThat(req.path()).isEqualTo("/llmlab");
            assertThat(req.header("Content-Type")).isEqualTo("application/json");
            assertThat(req.header("X-LLMlab-Alert-Id")).isEqualTo(alert.toString());
            JsonNode body = JSON.readTree(req.body());
            assertThat(body).isEqualTo(JSON.readTree(AlertFixtures.PAYLOAD.formatted(alert, budget, budget)));
            // the receiver's side of docs/alerts.md: recompute over t + "." + raw body, check t is recent
            String[] sig = req.header("X-LLMlab-Signature").split(",");
            assertThat(sig[0]).startsWith("t=");
            assertThat(sig[1]).startsWith("v1=");
            long t = Long.parseLong(sig[0].substring(2));
            assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(300);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + req.body())
                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(sig[1].substring(3)).isEqualTo(expected);

            AlertFixtures.Row row = AlertFixtures.row(delivery);
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.deliveredAt()).isNotNull();
            assertThat(AlertFixtures.attempts(delivery)).containsExactly("delivered:200");
        }
    }

    @Test
    void receiverDownTwice_getsTheAlertWhenItComesBack_everyAttemptRecorded() throws Exception {
        try (Receiver r = Receiver.answering(200).first(503, 500)) {
            UUID user = api.signup().userId();
            UUID budget = AlertFixtures.budget(user, webhook(r.url("/flaky")));
            UUID alert = AlertFixtures.alert(user, budget, Instant.now());
            UUID delivery = AlertFixtures.delivery(alert, 0, "webhook", Instant.now());
            AlertFixtures.await(Duration.ofSeconds(20), "delivered", () -> "delivered".equals(
                    AlertFixtures.row(delivery).status()));

            assertThat(AlertFixtures.attempts(delivery)).containsExactly("retry:503", "retry:500", "delivered:200");
            AlertFixtures.Row row = AlertFixtures.row(delivery);
            assertThat(row.attempts()).isEqualTo(3);
            assertThat(row.lastError()).isEqualTo("HTTP 500: receiver says no");
            assertThat(r.requests()).extracting(q -> q.header("X-LLMlab-Alert-Id"))
                    .containsOnly(alert.toString()).hasSize(3);
            assertThat(r.requests()).extracting(Receiver.Request::body).containsOnly(r.requests().get(0).body());
        }
    }

    @Test
    void receiverAlwaysDown_deliveryFailsAtTheEndOfTheWindow_withItsLastError() throws Exception {
        try (Receiver r = Receiver.answering(502)) {
            UUID user = api.signup().userId();
            UUID budget = AlertFixtures.budget(user, webhook(r.url("/down")));
            UUID alert = AlertFixtures.alert(user, budget, Instant.now());
            // created almost a whole retry window ago: a few retries, then the window ends
            Instant created = Instant.now().minus(AlertServers.WINDOW).plusSeconds(2);
            UUID delivery = AlertFixtures.delivery(alert, 0, "webhook", created);
            AlertFixtures.await(Duration.ofSeconds(20), "failed", () -> "failed".equals(
                    AlertFixtures.row(delivery).status()));

            AlertFixtures.Row row = AlertFixtures.row(delivery);
            assertThat(row.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(row.lastError()).isEqualTo("HTTP 502: receiver says no");
            assertThat(row.deliveredAt()).isNull();
            List<String> attempts = AlertFixtures.attempts(delivery);
            assertThat(attempts.get(attempts.size() - 1)).isEqualTo("failed:502");
            assertThat(attempts.subList(0, attempts.size() - 1)).containsOnly("retry:502");
        }
    }

    @Test
    void refusedTarget_failsAtOnce_withTheReason() throws Exception {
        UUID user = api.signup().userId();
        UUID budget = AlertFixtures.budget(user, "[{\"type\":\"slack\",\"url\":\"ftp://127.0.0.1/hook\"}]");
        UUID alert = AlertFixtures.alert(user, budget, Instant.now());
        UUID delivery = AlertFixtures.delivery(alert, 0, "slack", Instant.now());
        AlertFixtures.await(Duration.ofSeconds(20), "failed", () -> "failed".equals(
                AlertFixtures.row(delivery).status()));
        assertThat(AlertFixtures.row(delivery).lastError()).isEqualTo("a webhook URL must start with https:// (was ftp://)");
        assertThat(AlertFixtures.attempts(delivery)).containsExactly("failed:-");
    }

    @Test
    void slack_getsBlockKitMessage_withWhatToActOn() throws Exception {
        try (Receiver r = Receiver.answering(200)) {
            UUID user = api.signup().userId();
            UUID budget = AlertFixtures.budget(user, "[{\"type\":\"slack\",\"url\":\"" + r.url("/services/T/B/X") + "\"}]");
            UUID alert = AlertFixtures.alert(user, budget, Instant.now());
            UUID delivery = AlertFixtures.delivery(alert, 0, "slack", Instant.now());
            AlertFixtures.await(Duration.ofSeconds(20), "delivered", () -> "delivered".equals(
                    AlertFixtures.row(delivery).status()));

            JsonNode body = JSON.readTree(r.requests().get(0).body());
            assertThat(body.get("text").asText()).isEqualTo("Budget \"search team\" crossed 80%");
            JsonNode blocks = body.get("blocks");
            assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
            assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("Budget \"search team\" crossed 80%");
            assertThat(blocks.get(1).get("type").asText()).isEqualTo("section");
            assertThat(blocks.get(1).get("fields")).extracting(f -> f.get("text").asText()).containsExactly(
                    "*Spent*\n$401.23 of $500.00 (80.25%)",
                    "*Period*\nmonth, 2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z",
                    "*Forecast*\n$612.00 by the end of the period",
                    "*Top models*\nopenai/gpt-4o $300.10, anthropic/claude-sonnet-4 $90.00, openai/gpt-4o-mini $11.13",
                    "*Top tags*\nproject=search $401.23");
            assertThat(blocks.get(2).get("type").asText()).isEqualTo("context");
            assertThat(blocks.get(2).get("elements").get(0).get("text").asText())
                    .isEqualTo("<https://llmlab.example.com/budgets/" + budget + "|Open the LLMlab dashboard>");
        }
    }

    @Test
    void discord_getsEmbed_colouredBySeverity() throws Exception {
        try (Receiver r = Receiver.answering(204)) {
            UUID user = api.signup().userId();
            UUID budget = AlertFixtures.budget(user, "[{\"type\":\"discord\",\"url\":\"" + r.url("/api/webhooks/1/x") + "\"}]");
            UUID alert = AlertFixtures.alert(user, budget, Instant.now());
            UUID delivery = AlertFixtures.delivery(alert, 0, "discord", Instant.now());
            AlertFixtures.await(Duration.ofSeconds(20), "delivered", () -> "delivered".equals(
                    AlertFixtures.row(delivery).status()));

            JsonNode embed = JSON.readTree(r.requests().get(0).body()).get("embeds").get(0);
            assertThat(embed.get("title").asText()).isEqualTo("Budget \"search team\" crossed 80%");
            assertThat(embed.get("url").asText()).isEqualTo("https://llmlab.example.com/budgets/" + budget);
            assertThat(embed.get("color").asInt()).isEqualTo(0xF59E0B);
            assertThat(embed.get("fields")).extracting(f -> f.get("name").asText() + "=" + f.get("value").asText())
                    .contains("Spent=$401.23 of $500.00 (80.25%)", "Forecast=$612.00 by the end of the period",
                            "Top tags=project=search $401.23");
            assertThat(AlertFixtures.attempts(delivery)).containsExactly("delivered:204");
        }
    }

    @Test
    void instanceStoppedWithPendingAlert_anotherInstanceDeliversIt() throws Exception {
        try (Receiver r = Receiver.answering(503)) {
            UUID user = api.signup().userId();
            UUID budget = AlertFixtures.budget(user, webhook(r.url("/restart")));
            UUID alert = AlertFixtures.alert(user, budget, Instant.now());
            // a slow schedule (first retry after 3 s) so that the alert is still pending when the instance stops
            AlertSettings slow = AlertServers.SETTINGS.withSchedule(Duration.ofSeconds(3), Duration.ofSeconds(3),
                    AlertServers.WINDOW, Duration.ofSeconds(2));
            UUID delivery;
            try (LlmLabServer first = AlertServers.start(slow)) {
                delivery = AlertFixtures.delivery(alert, 0, "webhook", Instant.now());
                AlertFixtures.await(Duration.ofSeconds(20), "a first attempt",
                        () -> AlertFixtures.row(delivery).attempts() >= 1);
            }
            assertThat(AlertFixtures.row(delivery).status()).isEqualTo("pending");
            r.answer(200);
            try (LlmLabServer second = AlertServers.start(slow)) {
                AlertFixtures.await(Duration.ofSeconds(20), "delivered after the restart", () -> "delivered".equals(
                        AlertFixtures.row(delivery).status()));
            }
            assertThat(AlertFixtures.attempts(delivery)).endsWith("delivered:200").first().isEqualTo("retry:503");
        }
    }

    @Test
    void manyAlerts_severalInstances_eachSentOnce() throws Exception {
        try (Receiver r = Receiver.answering(200); LlmLabServer other = AlertServers.start(AlertServers.SETTINGS)) {
            UUID user = api.signup().userId();
            UUID budget = AlertFixtures.budget(user, webhook(r.url("/many")));
            List<UUID> deliveries = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                deliveries.add(AlertFixtures.delivery(AlertFixtures.alert(user, budget, Instant.now()), 0, "webhook",
                        Instant.now()));
            }
            AlertFixtures.await(Duration.ofSeconds(30), "all delivered", () -> deliveries.stream()
                    .allMatch(d -> "delivered".equals(AlertFixtures.row(d).status())));
            assertThat(r.requests()).hasSize(30);
            assertThat(r.requests().stream().map(q -> q.header("X-LLMlab-Alert-Id")).distinct()).hasSize(30);
        }
    }

    private static String webhook(String url) {
        return "[{\"type\":\"webhook\",\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\"}]";
    }
}

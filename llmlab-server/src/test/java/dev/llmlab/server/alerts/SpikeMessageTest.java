package dev.llmlab.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.http.JsonBodies;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A spend-spike alert's message says the hour's spend against its baseline, in every channel. */
class SpikeMessageTest {
    private static final String PAYLOAD = """
            {"type": "budget.spend_spike", "alert_id": "a", "budget_id": "b", "budget_name": "search team",
             "threshold_percent": null, "period_from": "2026-11-01T00:00:00Z", "period_to": "2026-12-01T00:00:00Z",
             "limit_usd": "500.00", "spent_usd": "120.000000", "percent_used": "24.00", "forecast_usd": "300.000000",
             "hour_from": "2026-11-20T10:00:00Z", "hour_spent_usd": "30.000000", "baseline_hourly_usd": "2.500000",
             "baseline_hours": 24,
             "top_models": [{"provider": "openai", "model": "gpt-4o", "cost_usd": "100.000000"}],
             "top_tags": [{"key": "project", "value": "search", "cost_usd": "90.000000"},
                          {"key": "team", "value": "core", "cost_usd": "80.000000"},
                          {"key": "env", "value": "prod", "cost_usd": "70.000000"},
                          {"key": "env", "value": "dev", "cost_usd": "1.000000"}],
             "dashboard_url": "https://llmlab.example.com/budgets/b", "created_at": "2026-11-20T10:20:00Z"}
            """;
    private static final Alert SPIKE = new Alert(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "search team",
            "month", "budget.spend_spike", null, Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-12-01T00:00:00Z"), new BigDecimal("120.000000"), new BigDecimal("500.00"),
            new BigDecimal("300.000000"), PAYLOAD, Instant.parse("2026-11-20T10:20:00Z"));
    private static final String SPIKE_LINE = "$30.00 in the hour from 2026-11-20T10:00:00Z, against $2.50 an hour over"
            + " the 24 hours before";
    private static final String TAGS_LINE = "project=search $90.00, team=core $80.00, env=prod $70.00";

    @Test
    void message_leadsWithTheSpike_andListsTheTopThreeTags() {
        AlertMessage m = AlertMessage.of(SPIKE, URI.create("https://llmlab.example.com"));

        assertThat(m.title()).isEqualTo("Spend spike on budget \"search team\"");
        assertThat(m.fields()).containsEntry("Spike", SPIKE_LINE).containsEntry("Top tags", TAGS_LINE);
        assertThat(m.fields().keySet()).containsExactly("Spike", "Spent", "Period", "Forecast", "Top models",
                "Top tags");
    }

    @Test
    void slackDiscordAndEmail_carryTheSpikeAndTheTags() throws Exception {
        AlertMessage m = AlertMessage.of(SPIKE, null);

        JsonNode slack = JsonBodies.MAPPER.readTree(SlackChannel.body(m));
        assertThat(slack.get("blocks").get(1).get("fields")).extracting(f -> f.get("text").asText())
                .contains("*Spike*\n" + SPIKE_LINE, "*Top tags*\n" + TAGS_LINE);
        JsonNode discord = JsonBodies.MAPPER.readTree(new String(DiscordChannel.body(m, SPIKE), StandardCharsets.UTF_8));
        assertThat(discord.get("embeds").get(0).get("fields"))
                .extracting(f -> f.get("name").asText() + "=" + f.get("value").asText())
                .contains("Spike=" + SPIKE_LINE, "Top tags=" + TAGS_LINE);
        assertThat(m.text()).contains("Spike: " + SPIKE_LINE + "\n").contains("Top tags: " + TAGS_LINE + "\n");
        assertThat(SmtpChannel.html(m)).contains("<th align=\"left\">Spike</th><td>" + SPIKE_LINE + "</td>");
    }
}

package dev.llmlab.server.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.http.JsonBodies;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * "Send a test alert": a sample threshold alert for one of a budget's channels, sent at once through
 * that channel (not through the outbox, and not stored), so whoever sets up a channel sees whether
 * it works and, if not, why.
 */
@Singleton
public final class TestAlerts {
    private final Jdbi jdbi;
    private final AlertChannels channels;
    private final AlertSettings settings;

    /**
     * @param jdbi the database
     * @param channels the channels
     * @param config the server's configuration
     */
    public TestAlerts(Jdbi jdbi, AlertChannels channels, dev.llmlab.server.ServerConfig config) {
        this.jdbi = jdbi;
        this.channels = channels;
        this.settings = config.alerts();
    }

    /**
     * The outcome of a test send.
     *
     * @param channel the channel's type
     * @param outcome what the send came to
     */
    public record Result(String channel, Delivery outcome) {
    }

    /**
     * @param userId the caller's account
     * @param budgetId the budget
     * @param index the channel's position in the budget's channels
     * @return the result, or empty when the budget is not the caller's or has no such channel
     */
    public Optional<Result> send(UUID userId, UUID budgetId, int index) {
        Optional<Budget> budget = jdbi.withHandle(h -> h.createQuery("""
                        SELECT name, period, monthly_limit_usd, channels::text AS channels
                        FROM budgets WHERE id = :id AND user_id = :u
                        """)
                .bind("id", budgetId).bind("u", userId)
                .map((rs, ctx) -> new Budget(rs.getString("name"), rs.getString("period"),
                        rs.getBigDecimal("monthly_limit_usd"), rs.getString("channels")))
                .findOne());
        if (budget.isEmpty()) {
            return Optional.empty();
        }
        List<ChannelConfig> all = ChannelConfig.parse(budget.get().channels());
        if (index < 0 || index >= all.size()) {
            return Optional.empty();
        }
        ChannelConfig channel = all.get(index);
        Alert sample = sample(userId, budgetId, budget.get());
        return Optional.of(new Result(channel.type(), channels.send(sample, channel, null)));
    }

    private record Budget(String name, String period, BigDecimal limit, String channels) {
    }

    /** @return a threshold alert at 80 % of the budget's limit in the current month, marked {@code "test": true} */
    private Alert sample(UUID userId, UUID budgetId, Budget b) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime utc = OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC);
        Instant from = utc.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        Instant to = utc.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1).toInstant();
        BigDecimal spent = b.limit().multiply(new BigDecimal("0.8")).setScale(6, RoundingMode.HALF_UP);
        BigDecimal forecast = b.limit().multiply(new BigDecimal("1.2")).setScale(6, RoundingMode.HALF_UP);
        UUID id = UUID.randomUUID();
        ObjectNode p = JsonBodies.object();
        p.put("type", "budget.threshold_crossed");
        p.put("test", true);
        p.put("alert_id", id.toString());
        p.put("budget_id", budgetId.toString());
        p.put("budget_name", b.name());
        p.put("threshold_percent", 80);
        p.put("period_from", from.toString());
        p.put("period_to", to.toString());
        p.put("limit_usd", b.limit().toPlainString());
        p.put("spent_usd", spent.toPlainString());
        p.put("percent_used", "80.00");
        p.put("forecast_usd", forecast.toPlainString());
        p.putArray("top_models").addObject().put("provider", "openai").put("model", "gpt-4o")
                .put("cost_usd", spent.toPlainString());
        p.putArray("top_tags");
        if (settings.publicUrl() != null) {
            p.put("dashboard_url", settings.publicUrl().toString());
        } else {
            p.putNull("dashboard_url");
        }
        p.put("created_at", now.toString());
        return new Alert(id, userId, budgetId, b.name(), b.period(), "budget.threshold_crossed", 80, from, to, spent,
                b.limit(), forecast, p.toString(), now);
    }
}

package dev.llmlab.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a person needs to act on an alert, said once for every channel: a title, the facts as
 * named fields (for a spike, the hour's spend against its baseline; spent / limit and percent,
 * period, forecast, the top models and tags of the period) and a link to the dashboard.
 *
 * @param title one line, e.g. {@code Budget "search team" crossed 80%}
 * @param fields named facts in display order
 * @param link the dashboard URL, or null when {@code LLMLAB_PUBLIC_URL} is unset
 * @param severity 0 info (below 80 %), 1 warning, 2 over the limit; picks colours
 */
public record AlertMessage(String title, Map<String, String> fields, String link, int severity) {
    /**
     * @param alert the alert
     * @param publicUrl {@code LLMLAB_PUBLIC_URL}, or null
     * @return its message
     */
    public static AlertMessage of(Alert alert, URI publicUrl) {
        JsonNode p = alert.payloadJson();
        BigDecimal percent = alert.limitUsd().signum() == 0 ? BigDecimal.ZERO
                : alert.spentUsd().multiply(BigDecimal.valueOf(100)).divide(alert.limitUsd(), 2, RoundingMode.HALF_UP);
        String name = "\"" + alert.budgetName() + "\"";
        String title = switch (alert.type()) {
            case "budget.threshold_crossed" -> "Budget " + name + " crossed " + alert.thresholdPercent() + "%";
            case "budget.forecast_overrun" -> "Budget " + name + " is forecast to exceed its limit";
            case "budget.spend_spike" -> "Spend spike on budget " + name;
            default -> "Budget " + name + ": " + alert.type();
        };
        Map<String, String> fields = new LinkedHashMap<>();
        if ("budget.spend_spike".equals(alert.type()) && p.hasNonNull("hour_spent_usd")) {
            fields.put("Spike", usd(new BigDecimal(p.get("hour_spent_usd").asText())) + " in the hour from "
                    + p.path("hour_from").asText("") + ", against " + usd(new BigDecimal(p.path("baseline_hourly_usd")
                    .asText("0"))) + " an hour over the " + p.path("baseline_hours").asInt() + " hours before");
        }
        fields.put("Spent", usd(alert.spentUsd()) + " of " + usd(alert.limitUsd()) + " (" + percent.toPlainString()
                + "%)");
        fields.put("Period", alert.period() + ", " + alert.periodStart() + " to " + alert.periodEnd());
        fields.put("Forecast", alert.forecastUsd() == null ? "not enough data yet"
                : usd(alert.forecastUsd()) + " by the end of the period");
        fields.put("Top models", top(p.path("top_models"), m -> m.path("provider").asText("") + "/"
                + m.path("model").asText("")));
        fields.put("Top tags", top(p.path("top_tags"), t -> t.path("key").asText("") + "="
                + t.path("value").asText("")));
        String link = p.hasNonNull("dashboard_url") ? p.get("dashboard_url").asText()
                : publicUrl == null ? null : publicUrl.toString();
        int severity = percent.compareTo(BigDecimal.valueOf(100)) >= 0 ? 2
                : percent.compareTo(BigDecimal.valueOf(80)) >= 0 || !"budget.threshold_crossed".equals(alert.type())
                ? 1 : 0;
        return new AlertMessage(title, fields, link, severity);
    }

    /** @return the message as plain text, one field a line, the link last */
    public String text() {
        StringBuilder sb = new StringBuilder(title).append("\n\n");
        fields.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        if (link != null) {
            sb.append("\nDashboard: ").append(link).append('\n');
        }
        return sb.toString();
    }

    private static String top(JsonNode items, java.util.function.Function<JsonNode, String> label) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size() && out.size() < 3; i++) {
            JsonNode item = items.get(i);
            String cost = item.path("cost_usd").asText(null);
            out.add(label.apply(item) + (cost == null ? "" : " " + usd(new BigDecimal(cost))));
        }
        return out.isEmpty() ? "none recorded" : String.join(", ", out);
    }

    /** @return {@code $401.23}: two decimals for reading; the payload keeps the exact amount */
    static String usd(BigDecimal amount) {
        return "$" + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}

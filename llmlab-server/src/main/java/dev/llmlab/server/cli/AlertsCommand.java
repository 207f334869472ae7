package dev.llmlab.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmlab alerts [--json] [--limit N] [--server URL] [--api-key KEY]}: the account's budget
 * alerts, newest first, with how their deliveries went ({@code GET /api/alerts}); {@code --json}
 * prints the server's answer as it came.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"Lists the account's budget alerts, newest first, with their deliveries.",
            "--json prints the server's JSON. Exit 1 when the server is unreachable, refuses the key or answers an error."})
final class AlertsCommand implements Callable<Integer> {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--json", description = "Print the server's JSON ({\"alerts\":[…],\"next_before\"}) instead of the table.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "How many of the newest alerts, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    Remote remote;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return remote.printList(spec, json, "/api/alerts?limit=" + limit, AlertsCommand::table);
    }

    /** @return the lines of the table: a header and one row per alert, or a line saying there are none */
    static List<String> table(JsonNode answer, Terminal t) {
        if (answer.path("alerts").isEmpty()) {
            return List.of("No alerts.");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(t.bold("CREATED"), t.bold("BUDGET"), t.bold("ALERT"), t.bold("SPENT"), t.bold("LIMIT"),
                t.bold("DELIVERIES")));
        for (JsonNode a : answer.path("alerts")) {
            rows.add(List.of(MINUTE.format(Instant.parse(a.path("created_at").asText())), a.path("budget_name").asText(),
                    t.yellow(what(a)), money(a.path("spent_usd")), money(a.path("limit_usd")), deliveries(a.path("deliveries"), t)));
        }
        return Terminal.columns(rows);
    }

    /** @return the alert in words: {@code 80% reached}, {@code forecast over limit}, {@code spend spike} */
    static String what(JsonNode a) {
        return switch (a.path("type").asText()) {
            case "budget.threshold_crossed" -> a.path("threshold_percent").asText() + "% reached";
            case "budget.forecast_overrun" -> "forecast over limit";
            case "budget.spend_spike" -> "spend spike";
            default -> a.path("type").asText();
        };
    }

    private static String money(JsonNode usd) {
        return usd.isTextual() ? Terminal.money(new BigDecimal(usd.asText())) : "-";
    }

    private static String deliveries(JsonNode deliveries, Terminal t) {
        if (deliveries.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode d : deliveries) {
            String status = d.path("status").asText();
            String shown = status + (d.path("attempts").asInt() > 1 ? " after " + d.path("attempts").asInt() + " attempts" : "");
            parts.add(d.path("channel").asText() + " " + ("failed".equals(status) ? t.red(shown) : shown));
        }
        return String.join(", ", parts);
    }
}

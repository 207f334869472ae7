package dev.llmlab.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmlab budgets [--json] [--server URL] [--api-key KEY]}: the account's budgets with where
 * each stands in its current period ({@code GET /api/budgets}); {@code --json} prints the server's
 * answer as it came.
 */
@Command(name = "budgets", mixinStandardHelpOptions = true,
        description = {"Lists the account's budgets and where each stands in its current period.",
            "--json prints the server's JSON. Exit 1 when the server is unreachable, refuses the key or answers an error."})
final class BudgetsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the server's JSON ({\"budgets\":[…]}) instead of the table.")
    boolean json;

    @Mixin
    Remote remote;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return remote.printList(spec, json, "/api/budgets", BudgetsCommand::table);
    }

    /** @return the lines of the table: a header and one row per budget, or a line saying there are none */
    static List<String> table(JsonNode answer, Terminal t) {
        if (answer.path("budgets").isEmpty()) {
            return List.of("No budgets yet: create one in the dashboard or with POST /api/budgets.");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(t.bold("NAME"), t.bold("PERIOD"), t.bold("LIMIT"), t.bold("SPENT"), t.bold("USED"), "",
                t.bold("FORECAST"), t.bold("MODE")));
        for (JsonNode b : answer.path("budgets")) {
            JsonNode st = b.path("state");
            BigDecimal percent = new BigDecimal(st.path("percent_used").asText());
            rows.add(List.of(b.path("name").asText(), per(b.path("period").asText()),
                    Terminal.money(new BigDecimal(b.path("limit_usd").asText())),
                    Terminal.money(new BigDecimal(st.path("spent_usd").asText())),
                    percent.toPlainString() + "%", t.bar(percent),
                    Terminal.money(new BigDecimal(st.path("forecast_usd").asText()))
                            + (st.path("forecast_exceeds").asBoolean() ? " " + t.red("over") : ""),
                    b.path("mode").asText()));
        }
        return Terminal.columns(rows);
    }

    /** @return {@code daily}, {@code weekly}, {@code monthly} for a budget's period name */
    static String per(String period) {
        return switch (period) {
            case "day" -> "daily";
            case "week" -> "weekly";
            case "month" -> "monthly";
            default -> period;
        };
    }
}

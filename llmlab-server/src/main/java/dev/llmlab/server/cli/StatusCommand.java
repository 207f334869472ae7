package dev.llmlab.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmlab status [--json] [--server URL] [--api-key KEY]}: where the account stands this month
 * (UTC) — spend month to date and today, the month's forecast, the first budget's use, the top
 * models and the alerts raised this month — as a compact table, or as one JSON object.
 *
 * <p>The forecast is the month's spend so far at its burn rate kept to the month's end
 * ({@code spent × month length / time elapsed}, 6 decimals), as budgets forecast; before a minute of
 * the month has passed it is the spend so far.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows this month's spend (UTC): month to date, today, forecast, budget used, top models "
                + "and this month's alerts.",
            "--json prints one JSON object. Exit 1 when the server is unreachable, refuses the key or answers an error."})
final class StatusCommand implements Callable<Integer> {
    /** Models listed. */
    static final int TOP_MODELS = 5;
    /** Alerts listed in the table (--json has them all). */
    static final int TABLE_ALERTS = 5;
    /** Alert pages read at most (100 alerts each). */
    private static final int MAX_ALERT_PAGES = 10;
    private static final String LABEL = "%-15s";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Mixin
    Remote remote;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        ServerApi api = remote.connect(env);
        ObjectNode status;
        try {
            status = status(api, Instant.now());
        } catch (DateTimeParseException | NumberFormatException e) {
            // an answer of another shape: a server of an older or newer version, or not LLMlab at all
            throw new CliFailure("the server at " + api.server() + " answered in a shape this llmlab does not read ("
                    + e.getMessage() + "); is it an LLMlab server of the same version?");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(InOut.JSON.writeValueAsString(status));
        } else {
            table(status, Terminal.of(env)).forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /** Gathers the status from the server, in the shape {@code --json} prints. */
    static ObjectNode status(ServerApi api, Instant now) {
        JsonNode month = api.get("/api/costs/summary?period=month").json();
        JsonNode day = api.get("/api/costs/summary?period=day").json();
        JsonNode budgets = api.get("/api/budgets").json();
        Instant from = OffsetDateTime.parse(month.path("from").asText()).toInstant();
        Instant to = OffsetDateTime.parse(month.path("to").asText()).toInstant();
        BigDecimal spent = new BigDecimal(month.path("total_usd").asText());

        ObjectNode s = InOut.line();
        s.put("server", api.server());
        s.put("period_from", month.path("from").asText());
        s.put("period_to", month.path("to").asText());
        s.put("time_zone", month.path("time_zone").asText());
        s.put("month_to_date_usd", month.path("total_usd").asText());
        s.put("today_usd", day.path("total_usd").asText());
        s.put("forecast_usd", forecast(spent, from, to, now).toPlainString());
        JsonNode first = budgets.path("budgets").path(0);
        if (first.isMissingNode()) {
            s.putNull("budget");
        } else {
            s.putObject("budget")
                    .put("name", first.path("name").asText())
                    .put("limit_usd", first.path("limit_usd").asText())
                    .put("percent_used", first.path("state").path("percent_used").asText())
                    .put("id", first.path("id").asText())
                    .put("period", first.path("period").asText())
                    .put("spent_usd", first.path("state").path("spent_usd").asText());
        }
        ArrayNode top = s.putArray("top_models");
        List<JsonNode> models = new ArrayList<>();
        month.path("by_model").forEach(models::add);
        // priced models by cost, largest first; models with only unpriced events (cost null) after them
        models.sort(Comparator.comparing((JsonNode m) -> m.path("cost_usd").isNull())
                .thenComparing(m -> m.path("cost_usd").isNull() ? BigDecimal.ZERO : new BigDecimal(m.path("cost_usd").asText()),
                        Comparator.reverseOrder()));
        for (JsonNode m : models.subList(0, Math.min(TOP_MODELS, models.size()))) {
            ObjectNode o = top.addObject().put("provider", m.path("provider").asText()).put("model", m.path("model").asText());
            if (m.path("cost_usd").isNull()) {
                o.putNull("cost_usd");
            } else {
                o.put("cost_usd", m.path("cost_usd").asText());
            }
            o.put("events", m.path("events").asLong());
        }
        ArrayNode alerts = s.putArray("alerts");
        List<JsonNode> raised = alertsSince(api, from);
        // newest first; alerts of one ingest share their instant: the highest threshold crossed leads
        raised.sort(Comparator.comparing((JsonNode a) -> Instant.parse(a.path("created_at").asText())).reversed()
                .thenComparing(a -> a.path("threshold_percent").isInt() ? a.path("threshold_percent").asInt() : -1,
                        Comparator.reverseOrder()));
        for (JsonNode a : raised) {
            ObjectNode o = alerts.addObject().put("type", a.path("type").asText());
            o.set("threshold_percent", a.path("threshold_percent"));
            o.put("created_at", a.path("created_at").asText());
            o.put("budget_name", a.path("budget_name").asText());
        }
        return s;
    }

    /** @return the alerts created at or after {@code from}, newest first */
    private static List<JsonNode> alertsSince(ServerApi api, Instant from) {
        List<JsonNode> found = new ArrayList<>();
        String before = null;
        for (int page = 0; page < MAX_ALERT_PAGES; page++) {
            JsonNode answer = api.get("/api/alerts?limit=100" + (before == null ? "" : "&before=" + before)).json();
            for (JsonNode a : answer.path("alerts")) {
                if (Instant.parse(a.path("created_at").asText()).isBefore(from)) {
                    return found; // newest first: the rest are older still
                }
                found.add(a);
            }
            if (!answer.path("next_before").isTextual()) {
                break;
            }
            before = answer.path("next_before").asText();
        }
        return found;
    }

    /** The linear forecast of the type's documentation. */
    static BigDecimal forecast(BigDecimal spent, Instant from, Instant to, Instant now) {
        long elapsed = Duration.between(from, now).toMillis();
        long length = Duration.between(from, to).toMillis();
        if (elapsed < 60_000 || elapsed >= length) {
            return spent.setScale(6, RoundingMode.HALF_UP);
        }
        return spent.multiply(BigDecimal.valueOf(length)).divide(BigDecimal.valueOf(elapsed), 6, RoundingMode.HALF_UP);
    }

    /** @return the lines of the table for a person */
    static List<String> table(JsonNode s, Terminal t) {
        List<String> lines = new ArrayList<>();
        OffsetDateTime from = OffsetDateTime.parse(s.path("period_from").asText());
        lines.add(t.bold("LLMlab " + s.path("server").asText()) + "  "
                + MONTH.format(from) + " (" + s.path("time_zone").asText() + ")");
        lines.add(row("Month to date", Terminal.money(new BigDecimal(s.path("month_to_date_usd").asText()))));
        lines.add(row("Today", Terminal.money(new BigDecimal(s.path("today_usd").asText()))));
        lines.add(row("Forecast", Terminal.money(new BigDecimal(s.path("forecast_usd").asText()))));
        JsonNode b = s.path("budget");
        if (b.isNull()) {
            lines.add(row("Budget", "none"));
        } else {
            BigDecimal percent = new BigDecimal(b.path("percent_used").asText());
            lines.add(row("Budget", t.bar(percent) + " " + percent.toPlainString() + "%  "
                    + Terminal.money(new BigDecimal(b.path("spent_usd").asText())) + " of "
                    + Terminal.money(new BigDecimal(b.path("limit_usd").asText())) + " "
                    + BudgetsCommand.per(b.path("period").asText()) + ", " + b.path("name").asText()));
        }
        List<List<String>> models = new ArrayList<>();
        for (JsonNode m : s.path("top_models")) {
            models.add(List.of(m.path("provider").asText(), m.path("model").asText(),
                    Terminal.money(m.path("cost_usd").isNull() ? null : new BigDecimal(m.path("cost_usd").asText()))));
        }
        block(lines, "Top models", Terminal.columns(models));
        List<List<String>> alerts = new ArrayList<>();
        int n = 0;
        for (JsonNode a : s.path("alerts")) {
            if (n++ == TABLE_ALERTS) {
                break;
            }
            alerts.add(List.of(MINUTE.format(Instant.parse(a.path("created_at").asText())), t.yellow(describe(a))));
        }
        List<String> alertLines = new ArrayList<>(Terminal.columns(alerts));
        int more = s.path("alerts").size() - TABLE_ALERTS;
        if (more > 0) {
            alertLines.add("and " + more + " more (llmlab alerts)");
        }
        block(lines, "Alerts", alertLines);
        return lines;
    }

    private static String describe(JsonNode a) {
        String budget = a.path("budget_name").asText();
        return switch (a.path("type").asText()) {
            case "budget.threshold_crossed" -> budget + ": " + a.path("threshold_percent").asText() + "% of the limit reached";
            case "budget.forecast_overrun" -> budget + ": forecast over the limit";
            case "budget.spend_spike" -> budget + ": spend spike";
            default -> budget + ": " + a.path("type").asText();
        };
    }

    private static void block(List<String> lines, String label, List<String> body) {
        if (body.isEmpty()) {
            lines.add(row(label, "none"));
            return;
        }
        lines.add(row(label, body.get(0)));
        for (String l : body.subList(1, body.size())) {
            lines.add(row("", l));
        }
    }

    private static String row(String label, String value) {
        return (String.format(Locale.ROOT, LABEL, label) + value).stripTrailing();
    }
}

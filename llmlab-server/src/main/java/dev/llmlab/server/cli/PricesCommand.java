package dev.llmlab.server.cli;

import dev.llmlab.core.pricing.ModelPrice;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.PriceDiff;
import dev.llmlab.core.pricing.PriceRefresher;
import dev.llmlab.core.pricing.PriceSource;
import dev.llmlab.core.pricing.PricePeriod;
import dev.llmlab.core.pricing.PriceTier;
import dev.llmlab.core.pricing.Rates;
import dev.llmlab.core.pricing.ServiceTierRates;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code llmlab prices}: lists the catalog — provider, model, rates per million tokens,
 * effective dates, long-context tiers and service-tier rate sets — as a table, or as JSON lines
 * with {@code --json}. A period's service-tier rate sets follow it in the table as rows of their
 * own, {@code [batch]}, {@code [standard, us]}…, and in JSON as its {@code service_tiers} array.
 *
 * <p>{@code llmlab prices --diff FILE_OR_URL} shows what would change if that price file replaced
 * the one in use ({@code --prices}, else {@code LLMLAB_PRICES}): the catalog in force (built-in
 * prices + the file in use) against the built-in prices + the new file. Exit status 0 whether or
 * not anything changes; 2 when the new file cannot be read, downloaded or validated.
 *
 * <pre>{@code
 * $ llmlab prices --diff https://prices.example.com/llmlab.json
 * built-in prices + my-prices.json -> built-in prices + https://prices.example.com/llmlab.json (sha256 3f2a…)
 * ~ openai/gpt-4o  from 2024-08-06  input: 2.50 -> 2.00
 * + openai/gpt-9   model added: from 2026-01-01 input 2.00 output 8.00
 * 1 model added, 1 rate changed
 * }</pre>
 */
@Command(name = "prices", mixinStandardHelpOptions = true,
        description = {"Lists the price catalog, or the models matching QUERY.",
            "Rates are USD per million tokens (web search: per 1,000 requests), with effective dates and tiers.",
            "With --diff FILE_OR_URL: what would change if that price file replaced the one in use"
                + " (--prices, else $LLMLAB_PRICES); exit 2 when it is invalid."})
final class PricesCommand implements Callable<Integer> {
    @Parameters(paramLabel = "QUERY", arity = "0..1", description = "Text to look for; every model when omitted.")
    String query;

    @Option(names = "--prices", paramLabel = "FILE", description = "A price file (or https:// URL) to apply over the"
            + " built-in prices.")
    Path prices;

    @Option(names = "--diff", paramLabel = "FILE_OR_URL", description = "Show what would change (models added and"
            + " removed, rates changed) if this price file replaced the one in use; only models matching QUERY.")
    String diff;

    @Option(names = "--json", description = "One JSON line per price period (its service-tier rates in"
            + " service_tiers) instead of a table.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (diff != null) {
            return diff();
        }
        PriceCatalog catalog = Catalogs.load(prices);
        List<ModelPrice> models = catalog.search(query);
        PrintWriter out = spec.commandLine().getOut();
        List<String> hostLines = json ? List.of() : hostLines(catalog, query);
        if (models.isEmpty() && hostLines.isEmpty()) {
            spec.commandLine().getErr().println("llmlab: no model matches '" + query + "'");
            return 2;
        }
        if (json) {
            for (ModelPrice m : models) {
                for (PricePeriod p : m.periods()) {
                    out.println(InOut.JSON.writeValueAsString(jsonLine(m, p)));
                }
                Optional<ModelPrice> ft = fineTuned(m);
                if (ft.isPresent()) {
                    for (PricePeriod p : ft.get().periods()) {
                        Map<String, Object> line = jsonLine(ft.get(), p);
                        line.remove("aliases");
                        line.put("fine_tuned_of", m.model());
                        out.println(InOut.JSON.writeValueAsString(line));
                    }
                }
            }
        } else {
            if (!models.isEmpty()) {
                table(models, out);
            }
            hostLines.forEach(out::println);
        }
        out.flush();
        return 0;
    }

    private int diff() throws Exception {
        PriceSource proposed;
        try {
            proposed = PriceSource.parse(diff);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--diff: " + e.getMessage());
        }
        PriceSource inUse = Catalogs.configured(prices);
        PriceCatalog builtIn = PriceCatalog.loadDefault();
        PriceCatalog current = Catalogs.withOverrides(builtIn, inUse);
        PriceCatalog next;
        String digest;
        // the proposed file is not adopted: downloaded once, validated, and not kept
        try (PriceRefresher r = PriceRefresher.builder(builtIn, proposed).noCache().noSchedule().requireFile().build()) {
            next = r.current();
            digest = r.digest().orElseThrow();
        }
        List<PriceDiff.Change> changes = new ArrayList<>();
        String q = query == null ? "" : query.trim().toLowerCase(java.util.Locale.ROOT);
        for (PriceDiff.Change c : PriceDiff.between(current, next).changes()) {
            if ((c.provider() + "/" + c.model()).contains(q)) {
                changes.add(c);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            for (PriceDiff.Change c : changes) {
                out.println(InOut.JSON.writeValueAsString(DiffLines.json(c)));
            }
        } else {
            out.println("built-in prices" + (inUse == null ? "" : " + " + inUse) + " -> built-in prices + " + proposed
                    + " (sha256 " + digest + ")");
            DiffLines.text(changes, out);
        }
        out.flush();
        return 0;
    }

    /** The model's fine-tuned rates, when its price file gives them. */
    private static Optional<ModelPrice> fineTuned(ModelPrice m) {
        return m.fineTuned().filter(ModelPrice::isPriced);
    }

    /**
     * For each host matching the query that bills models its list does not carry at another
     * provider's rates, a line saying so: those models are priced but not listed under the host.
     */
    private static List<String> hostLines(PriceCatalog catalog, String query) {
        String q = query == null ? "" : query.trim().toLowerCase(java.util.Locale.ROOT);
        List<String> lines = new ArrayList<>();
        for (String host : catalog.hosts()) {
            List<String> fallbacks = catalog.fallbackProviders(host);
            if (!fallbacks.isEmpty() && host.contains(q)) {
                lines.add(host + ": models not listed under " + host + " bill at the rates of "
                        + String.join(", ", fallbacks));
            }
        }
        return lines;
    }

    private static Map<String, Object> jsonLine(ModelPrice m, PricePeriod p) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("provider", m.provider());
        line.put("model", m.model());
        line.put("aliases", m.aliases());
        if (!m.patterns().isEmpty()) {
            line.put("match", m.patterns());
        }
        line.put("effective_from", p.effectiveFromText());
        line.put("current", p == m.current());
        line.putAll(rates(p.rates()));
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (PriceTier t : p.tiers()) {
            Map<String, Object> tier = new LinkedHashMap<>();
            tier.put("above_input_tokens", t.aboveInputTokens());
            tier.putAll(rates(t.rates()));
            tiers.add(tier);
        }
        if (!tiers.isEmpty()) {
            line.put("tiers", tiers);
        }
        if (!p.serviceTiers().isEmpty()) {
            line.put("service_tiers", serviceTiers(p, true));
        }
        p.source().ifPresent(s -> line.put("source", s));
        p.note().ifPresent(s -> line.put("note", s));
        if (!"built-in".equals(m.origin())) {
            line.put("origin", m.origin());
        }
        return line;
    }

    /**
     * @param withSources whether to show each set's {@code source} and {@code note}
     * @return the period's service-tier rate sets as a price file writes them
     */
    static List<Map<String, Object>> serviceTiers(PricePeriod p, boolean withSources) {
        List<Map<String, Object>> sets = new ArrayList<>();
        for (ServiceTierRates s : p.serviceTiers()) {
            sets.add(serviceTier(s, withSources));
        }
        return sets;
    }

    /** @return one service-tier rate set as a price file writes it */
    static Map<String, Object> serviceTier(ServiceTierRates s, boolean withSources) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("service_tier", s.serviceTier().wireName());
        s.inferenceGeo().ifPresent(g -> set.put("inference_geo", g));
        set.putAll(rates(s.rates()));
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (PriceTier t : s.tiers()) {
            Map<String, Object> tier = new LinkedHashMap<>();
            tier.put("above_input_tokens", t.aboveInputTokens());
            tier.putAll(rates(t.rates()));
            tiers.add(tier);
        }
        if (!tiers.isEmpty()) {
            set.put("tiers", tiers);
        }
        if (withSources) {
            s.source().ifPresent(v -> set.put("source", v));
            s.note().ifPresent(v -> set.put("note", v));
        }
        return set;
    }

    /** @return a rate set's tier and geography as the table shows them: {@code [batch]}, {@code [standard, us]} */
    static String label(ServiceTierRates s) {
        return "[" + s.serviceTier().wireName() + s.inferenceGeo().map(g -> ", " + g).orElse("") + "]";
    }

    static Map<String, Object> rates(Rates r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", r.input().toPlainString());
        put(out, "cache_read", r.cacheRead());
        put(out, "cache_write", r.cacheWrite());
        put(out, "cache_write_1h", r.cacheWrite1h());
        put(out, "output", r.output());
        put(out, "input_audio", r.inputAudio());
        put(out, "output_audio", r.outputAudio());
        put(out, "web_search_per_1k", r.webSearchPer1k());
        return out;
    }

    private static void put(Map<String, Object> out, String key, Optional<BigDecimal> v) {
        v.ifPresent(d -> out.put(key, d.toPlainString()));
    }

    private static void table(List<ModelPrice> models, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PROVIDER", "MODEL", "FROM", "INPUT", "CACHE_READ", "CACHE_WRITE", "CACHE_1H", "OUTPUT",
            "OTHER"});
        for (ModelPrice m : models) {
            periodRows(m, rows);
            for (String pattern : m.patterns()) {
                rows.add(new String[] {"", "  match " + pattern, "", "", "", "", "", "", ""});
            }
            fineTuned(m).ifPresent(ft -> periodRows(ft, rows));
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(String.format("%-" + width[i] + "s", r[i]));
                if (i < r.length - 1) {
                    sb.append("  ");
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static void periodRows(ModelPrice m, List<String[]> rows) {
        for (PricePeriod p : m.periods()) {
            rows.add(row(m.provider(), m.model() + (p == m.current() ? "" : " (old)"), p.effectiveFromText(),
                    p.rates()));
            for (PriceTier t : p.tiers()) {
                rows.add(row("", "  > " + t.aboveInputTokens() + " input tokens", "", t.rates()));
            }
            // a period's tier rates belong under it: the next period has its own
            for (ServiceTierRates s : p.serviceTiers()) {
                rows.add(row("", "  " + label(s), "", s.rates()));
                for (PriceTier t : s.tiers()) {
                    rows.add(row("", "  " + label(s) + " > " + t.aboveInputTokens() + " input tokens", "", t.rates()));
                }
            }
        }
    }

    private static String[] row(String provider, String model, String from, Rates r) {
        List<String> other = new ArrayList<>();
        r.inputAudio().ifPresent(v -> other.add("audio in " + money(v)));
        r.outputAudio().ifPresent(v -> other.add("audio out " + money(v)));
        r.webSearchPer1k().ifPresent(v -> other.add("web search " + money(v) + "/1k"));
        return new String[] {provider, model, from, money(r.input()), r.cacheRead().map(PricesCommand::money).orElse("-"),
            r.cacheWrite().map(PricesCommand::money).orElse("-"), r.cacheWrite1h().map(PricesCommand::money).orElse("-"),
            r.output().map(PricesCommand::money).orElse("-"), String.join(", ", other)};
    }

    static String money(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 2 ? s.setScale(2).toPlainString() : s.toPlainString();
    }
}

package dev.llmlab.server.cli;

import dev.llmlab.core.pricing.ModelPrice;
import dev.llmlab.core.pricing.PriceDiff;
import dev.llmlab.core.pricing.PricePeriod;
import dev.llmlab.core.pricing.PriceTier;
import dev.llmlab.core.pricing.ServiceTierRates;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code llmlab prices --diff} shows a {@link PriceDiff}: one line per change for people
 * ({@code +} added, {@code -} removed, {@code ~} changed) and a count, or one JSON object per change
 * with {@code --json} (its shape is in docs/api.md).
 */
final class DiffLines {
    private DiffLines() {
    }

    static void text(List<PriceDiff.Change> changes, PrintWriter out) {
        int width = 0;
        for (PriceDiff.Change c : changes) {
            width = Math.max(width, id(c).length());
        }
        int modelsAdded = 0;
        int modelsRemoved = 0;
        int rates = 0;
        int periodsAdded = 0;
        int periodsRemoved = 0;
        int fineTunedAdded = 0;
        int fineTunedRemoved = 0;
        int serviceTiersAdded = 0;
        int serviceTiersRemoved = 0;
        int other = 0;
        for (PriceDiff.Change c : changes) {
            String head = String.format("%-" + width + "s  ", id(c));
            if (c instanceof PriceDiff.ModelAdded a) {
                modelsAdded++;
                out.println("+ " + head + "model added: " + describe(a.price()));
            } else if (c instanceof PriceDiff.ModelRemoved r) {
                modelsRemoved++;
                out.println("- " + head + "model removed (was " + describe(r.price()) + ")");
            } else if (c instanceof PriceDiff.RateChanged r) {
                rates++;
                out.println("~ " + head + "from " + r.effectiveFrom() + "  " + r.field() + ": " + rate(r.before())
                        + " -> " + rate(r.after()));
            } else if (c instanceof PriceDiff.PeriodAdded p) {
                periodsAdded++;
                out.println("+ " + head + "period added: " + describe(p.period()));
            } else if (c instanceof PriceDiff.PeriodRemoved p) {
                periodsRemoved++;
                out.println("- " + head + "period removed: " + describe(p.period()));
            } else if (c instanceof PriceDiff.UnpricedReasonChanged u) {
                other++;
                out.println("~ " + head + "unpriced reason: " + reason(u.before()) + " -> " + reason(u.after()));
            } else if (c instanceof PriceDiff.AliasesChanged a) {
                other++;
                List<String> names = new ArrayList<>();
                a.added().forEach(n -> names.add("+" + n));
                a.removed().forEach(n -> names.add("-" + n));
                out.println("~ " + head + "aliases: " + String.join(" ", names));
            } else if (c instanceof PriceDiff.PatternsChanged p) {
                other++;
                List<String> patterns = new ArrayList<>();
                p.added().forEach(n -> patterns.add("+" + n));
                p.removed().forEach(n -> patterns.add("-" + n));
                out.println("~ " + head + "match: " + String.join(" ", patterns));
            } else if (c instanceof PriceDiff.ServiceTierAdded t) {
                serviceTiersAdded++;
                out.println("+ " + head + "from " + t.effectiveFrom() + "  service tier added: " + describe(t.rates()));
            } else if (c instanceof PriceDiff.ServiceTierRemoved t) {
                serviceTiersRemoved++;
                out.println("- " + head + "from " + t.effectiveFrom() + "  service tier removed: "
                        + describe(t.rates()));
            } else if (c instanceof PriceDiff.FineTunedChanged f) {
                if (f.after() != null) {
                    fineTunedAdded++;
                    out.println("+ " + head + "fine-tuned rates added: " + describe(f.after()));
                } else {
                    fineTunedRemoved++;
                    out.println("- " + head + "fine-tuned rates removed (were " + describe(f.before()) + ")");
                }
            }
        }
        List<String> counts = new ArrayList<>();
        count(counts, modelsAdded, "model added", "models added");
        count(counts, modelsRemoved, "model removed", "models removed");
        count(counts, rates, "rate changed", "rates changed");
        count(counts, periodsAdded, "period added", "periods added");
        count(counts, periodsRemoved, "period removed", "periods removed");
        count(counts, fineTunedAdded, "fine-tuned price added", "fine-tuned prices added");
        count(counts, fineTunedRemoved, "fine-tuned price removed", "fine-tuned prices removed");
        count(counts, serviceTiersAdded, "service tier added", "service tiers added");
        count(counts, serviceTiersRemoved, "service tier removed", "service tiers removed");
        count(counts, other, "other change", "other changes");
        out.println(counts.isEmpty() ? "no change" : String.join(", ", counts));
    }

    private static void count(List<String> counts, int n, String one, String many) {
        if (n > 0) {
            counts.add(n + " " + (n == 1 ? one : many));
        }
    }

    private static String id(PriceDiff.Change c) {
        return c.provider() + "/" + c.model();
    }

    private static String describe(ModelPrice m) {
        if (!m.isPriced()) {
            return "unpriced, " + m.unpricedReason().orElseThrow();
        }
        return describe(m.current()) + (m.periods().size() > 1 ? " (and " + (m.periods().size() - 1) + " earlier)" : "");
    }

    private static String describe(PricePeriod p) {
        StringBuilder sb = new StringBuilder("from ").append(p.effectiveFromText());
        PricesCommand.rates(p.rates()).forEach((k, v) -> sb.append(' ').append(k).append(' ')
                .append(PricesCommand.money(new BigDecimal((String) v))));
        for (PriceTier t : p.tiers()) {
            sb.append("; above ").append(t.aboveInputTokens()).append(" input tokens:");
            PricesCommand.rates(t.rates()).forEach((k, v) -> sb.append(' ').append(k).append(' ')
                    .append(PricesCommand.money(new BigDecimal((String) v))));
        }
        for (ServiceTierRates s : p.serviceTiers()) {
            sb.append("; ").append(describe(s));
        }
        return sb.toString();
    }

    /** @return e.g. {@code [batch] input 0.625 output 5.00; above 272000 input tokens: …} */
    private static String describe(ServiceTierRates s) {
        StringBuilder sb = new StringBuilder(PricesCommand.label(s));
        PricesCommand.rates(s.rates()).forEach((k, v) -> sb.append(' ').append(k).append(' ')
                .append(PricesCommand.money(new BigDecimal((String) v))));
        for (PriceTier t : s.tiers()) {
            sb.append("; above ").append(t.aboveInputTokens()).append(" input tokens:");
            PricesCommand.rates(t.rates()).forEach((k, v) -> sb.append(' ').append(k).append(' ')
                    .append(PricesCommand.money(new BigDecimal((String) v))));
        }
        return sb.toString();
    }

    private static String rate(BigDecimal v) {
        return v == null ? "none" : PricesCommand.money(v);
    }

    private static String reason(String r) {
        return r == null ? "priced" : "\"" + r + "\"";
    }

    static Map<String, Object> json(PriceDiff.Change c) {
        Map<String, Object> line = new LinkedHashMap<>();
        if (c instanceof PriceDiff.ModelAdded a) {
            head(line, "model_added", c);
            line.put("aliases", a.price().aliases());
            a.price().unpricedReason().ifPresent(r -> line.put("unpriced_reason", r));
            List<Map<String, Object>> periods = new ArrayList<>();
            a.price().periods().forEach(p -> periods.add(period(new LinkedHashMap<>(), p)));
            line.put("periods", periods);
        } else if (c instanceof PriceDiff.ModelRemoved) {
            head(line, "model_removed", c);
        } else if (c instanceof PriceDiff.RateChanged r) {
            head(line, "rate_changed", c);
            line.put("effective_from", r.effectiveFrom());
            line.put("field", r.field());
            line.put("old", r.before() == null ? null : r.before().toPlainString());
            line.put("new", r.after() == null ? null : r.after().toPlainString());
        } else if (c instanceof PriceDiff.PeriodAdded p) {
            period(head(line, "period_added", c), p.period());
        } else if (c instanceof PriceDiff.PeriodRemoved p) {
            head(line, "period_removed", c).put("effective_from", p.period().effectiveFromText());
        } else if (c instanceof PriceDiff.UnpricedReasonChanged u) {
            head(line, "unpriced_reason_changed", c);
            line.put("old", u.before());
            line.put("new", u.after());
        } else if (c instanceof PriceDiff.AliasesChanged a) {
            head(line, "aliases_changed", c);
            line.put("added", a.added());
            line.put("removed", a.removed());
        } else if (c instanceof PriceDiff.PatternsChanged p) {
            head(line, "patterns_changed", c);
            line.put("added", p.added());
            line.put("removed", p.removed());
        } else if (c instanceof PriceDiff.ServiceTierAdded t) {
            head(line, "service_tier_added", c).put("effective_from", t.effectiveFrom());
            line.putAll(PricesCommand.serviceTier(t.rates(), false));
        } else if (c instanceof PriceDiff.ServiceTierRemoved t) {
            head(line, "service_tier_removed", c).put("effective_from", t.effectiveFrom());
            line.put("service_tier", t.rates().serviceTier().wireName());
            t.rates().inferenceGeo().ifPresent(g -> line.put("inference_geo", g));
        } else if (c instanceof PriceDiff.FineTunedChanged f) {
            head(line, f.after() != null ? "fine_tuned_added" : "fine_tuned_removed", c);
            if (f.after() != null) {
                List<Map<String, Object>> periods = new ArrayList<>();
                f.after().periods().forEach(p -> periods.add(period(new LinkedHashMap<>(), p)));
                line.put("periods", periods);
            }
        }
        return line;
    }

    private static Map<String, Object> head(Map<String, Object> line, String change, PriceDiff.Change c) {
        line.put("change", change);
        line.put("provider", c.provider());
        line.put("model", c.model());
        return line;
    }

    private static Map<String, Object> period(Map<String, Object> out, PricePeriod p) {
        out.put("effective_from", p.effectiveFromText());
        out.putAll(PricesCommand.rates(p.rates()));
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (PriceTier t : p.tiers()) {
            Map<String, Object> tier = new LinkedHashMap<>();
            tier.put("above_input_tokens", t.aboveInputTokens());
            tier.putAll(PricesCommand.rates(t.rates()));
            tiers.add(tier);
        }
        if (!tiers.isEmpty()) {
            out.put("tiers", tiers);
        }
        if (!p.serviceTiers().isEmpty()) {
            out.put("service_tiers", PricesCommand.serviceTiers(p, false));
        }
        return out;
    }
}

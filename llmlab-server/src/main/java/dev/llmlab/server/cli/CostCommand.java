package dev.llmlab.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.core.pricing.Cost;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.core.usage.UsageRecord;
import dev.llmlab.core.usage.UsageRecords;
import dev.llmlab.server.http.JsonTrees;
import dev.llmlab.spi.LlmLabException;
import dev.llmlab.spi.Usage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llmlab cost}: prices usage records given as JSON lines, one result line per input line.
 * Each line is read by {@link UsageRecords}, as the server reads an event and the tracker reads
 * its own lines back: the same rules and the same messages. Exit status 0 when every line was
 * priced, 2 otherwise.
 */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = {"Prices usage records: JSON lines from FILEs, or stdin when none.",
            "Prints one JSON line per input line, with the counts it priced; exit status 2 when a line could not"
                + " be priced."})
final class CostCommand implements Callable<Integer> {
    @Option(names = "--prices", paramLabel = "FILE",
            description = "A price file (LLMlab's price-file JSON) whose prices add to or replace the built-in ones.")
    Path prices;

    @Mixin
    InOut io;

    @Override
    public Integer call() throws IOException {
        CostCalculator calculator = CostCalculator.of(Catalogs.load(prices));
        int lineNo = 0;
        for (BufferedReader reader : io.readers()) {
            try (reader) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    io.print(priceLine(calculator, lineNo, line));
                }
            }
        }
        return io.exitStatus();
    }

    static ObjectNode priceLine(CostCalculator calculator, int lineNo, String line) {
        try {
            UsageRecord record = UsageRecords.parse(line, Instant.now());
            Usage usage = record.usage();
            CostResult result = calculator.price(usage, record.timestamp());
            if (!result.isPriced()) {
                ObjectNode error = error(lineNo, result.unpricedReason());
                if (!result.suggestions().isEmpty()) {
                    result.suggestions().forEach(error.putArray("suggestions")::add);
                }
                return error;
            }
            Cost cost = result.cost();
            ObjectNode out = InOut.line();
            out.put("line", lineNo);
            // the provider the record names (a host such as azure), not the list a host's fallback priced it from
            out.put("provider", calculator.catalog().canonicalProvider(usage.provider()));
            out.put("model", usage.model());
            UsageRecords.writeCounts(usage, JsonTrees.writer(out), true);
            out.put("priced_as", result.pricedAs());
            out.put("cost_usd", Amounts.plain(cost.total()));
            out.put("input_cost_usd", Amounts.plain(cost.input()));
            out.put("cache_read_cost_usd", Amounts.plain(cost.cacheRead()));
            out.put("cache_write_cost_usd", Amounts.plain(cost.cacheWrite()));
            out.put("output_cost_usd", Amounts.plain(cost.output()));
            if (usage.webSearchRequests() > 0) {
                out.put("web_search_cost_usd", Amounts.plain(cost.webSearch()));
            }
            out.put("price_id", result.priceId());
            return out;
        } catch (LlmLabException e) {
            return error(lineNo, e.getMessage());
        }
    }

    private static ObjectNode error(int lineNo, String message) {
        ObjectNode error = InOut.line();
        error.put("line", lineNo);
        error.put("error", message);
        return error;
    }
}

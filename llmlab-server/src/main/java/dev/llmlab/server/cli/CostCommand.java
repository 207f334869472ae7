package dev.llmlab.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.core.pricing.Cost;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.pricing.CostResult;
import dev.llmlab.spi.LlmLabException;
import dev.llmlab.spi.Usage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code llmlab cost}: prices usage records given as JSON lines, one result line per input line.
 * Exit status 0 when every line was priced, 2 otherwise.
 */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = {"Prices usage records: JSON lines from FILEs, or stdin when none.",
            "Prints one JSON line per input line; exit status 2 when a line could not be priced."})
final class CostCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] COUNTS = {"input_tokens", "cache_read_tokens", "cache_write_tokens",
        "cache_write_1h_tokens", "output_tokens", "reasoning_tokens", "input_audio_tokens", "output_audio_tokens",
        "web_search_requests"};

    @Option(names = "--prices", paramLabel = "FILE",
            description = "A price file (LLMlab's price-file JSON) whose prices add to or replace the built-in ones.")
    Path prices;

    @Parameters(paramLabel = "FILE", description = "JSON-lines files of usage records; stdin when none.")
    List<Path> files = List.of();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CostCalculator calculator = CostCalculator.of(Catalogs.load(prices));
        PrintWriter out = spec.commandLine().getOut();
        boolean allPriced = true;
        int lineNo = 0;
        for (BufferedReader reader : Inputs.readers(files)) {
            try (reader) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    Map<String, Object> result = priceLine(calculator, lineNo, line);
                    allPriced &= !result.containsKey("error");
                    out.println(JSON.writeValueAsString(result));
                    out.flush();
                }
            }
        }
        return allPriced ? 0 : 2;
    }

    static Map<String, Object> priceLine(CostCalculator calculator, int lineNo, String line) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("line", lineNo);
        try {
            JsonNode record = JSON.readTree(line);
            if (record == null || !record.isObject()) {
                throw new LlmLabException("expected a JSON object (a usage record) on the line");
            }
            Usage usage = usage(record);
            Instant at = timestamp(record);
            CostResult result = calculator.price(usage, at);
            if (!result.isPriced()) {
                Map<String, Object> error = error(lineNo, result.unpricedReason());
                if (!result.suggestions().isEmpty()) {
                    error.put("suggestions", result.suggestions());
                }
                return error;
            }
            Cost cost = result.cost();
            out.put("provider", result.modelPrice().orElseThrow().provider());
            out.put("model", usage.model());
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
        } catch (JsonProcessingException e) {
            return error(lineNo, "malformed JSON: " + e.getOriginalMessage() + " at column "
                    + e.getLocation().getColumnNr());
        } catch (LlmLabException e) {
            return error(lineNo, e.getMessage());
        }
    }

    private static Map<String, Object> error(int lineNo, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("line", lineNo);
        error.put("error", message);
        return error;
    }

    static Usage usage(JsonNode record) {
        String provider = text(record, "provider");
        if (provider == null) {
            throw new LlmLabException("provider: required, e.g. \"openai\", \"anthropic\", \"google\", \"cohere\"");
        }
        String model = text(record, "model");
        if (model == null) {
            throw new LlmLabException("model: required, the model name the call used (e.g. \"gpt-4o\")");
        }
        long[] c = new long[COUNTS.length];
        for (int i = 0; i < COUNTS.length; i++) {
            c[i] = count(record, COUNTS[i]);
        }
        Usage.Builder b = Usage.builder(provider, model)
                .inputTokens(c[0]).cacheReadTokens(c[1]).cacheWriteTokens(c[2]).cacheWrite1hTokens(c[3])
                .outputTokens(c[4]).inputAudioTokens(c[6]).outputAudioTokens(c[7]).webSearchRequests(c[8]);
        if (c[5] > 0) {
            b.reasoningTokens(c[5]);
        }
        return b.build();
    }

    private static String text(JsonNode record, String field) {
        JsonNode v = record.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new LlmLabException(field + ": expected a non-empty string, got " + v);
        }
        return v.asText();
    }

    private static long count(JsonNode record, String field) {
        JsonNode v = record.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new LlmLabException(field + ": expected a non-negative integer, got " + v);
        }
        long n = v.asLong();
        if (n < 0) {
            throw new LlmLabException(field + ": expected a non-negative integer, got " + n);
        }
        return n;
    }

    private static Instant timestamp(JsonNode record) {
        String t = text(record, "timestamp");
        if (t == null) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new LlmLabException("timestamp: expected an ISO-8601 instant such as 2025-07-01T12:00:00Z, got \""
                    + t + "\"");
        }
    }
}

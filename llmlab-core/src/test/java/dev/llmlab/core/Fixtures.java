package dev.llmlab.core;

import dev.llmlab.core.internal.json.Json;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.SseEvents;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test fixtures: a small provider "acme" whose bodies look like
 * {@code {"model":"acme-1","usage":{"input_tokens":1000,"cached_tokens":200,"output_tokens":500}}}
 * (streamed as SSE with usage in the last event), priced at $1.00 input, $0.10 cached, $2.00
 * output per million tokens.
 */
public final class Fixtures {
    /** The cost of {@link #BODY}: 800 × 1.00 + 200 × 0.10 + 500 × 2.00, per million. */
    public static final BigDecimal BODY_COST = new BigDecimal("0.00182");
    public static final String BODY =
            "{\"model\":\"acme-1\",\"usage\":{\"input_tokens\":1000,\"cached_tokens\":200,\"output_tokens\":500}}";

    private Fixtures() {
    }

    public static ProviderRegistry providers() {
        return ProviderRegistry.of(new AcmeAdapter());
    }

    public static PriceCatalog catalog() {
        try (InputStream in = Fixtures.class.getResourceAsStream("acme-prices.json")) {
            Path tmp = Files.createTempFile("acme-prices", ".json");
            Files.write(tmp, in.readAllBytes());
            PriceCatalog catalog = PriceCatalog.fromFile(tmp);
            Files.delete(tmp);
            return catalog;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tracker over acme, without shutdown hook, with a short flush interval. */
    public static LlmLab.Builder lab() {
        return LlmLab.builder().providers(providers()).catalog(catalog()).shutdownHook(false);
    }

    public static String body(String model, long input, long cached, long output) {
        return "{\"model\":\"" + model + "\",\"usage\":{\"input_tokens\":" + input + ",\"cached_tokens\":" + cached
                + ",\"output_tokens\":" + output + "}}";
    }

    /** The acme adapter: JSON bodies, SSE transcripts, and parsed maps (a "JSON tree"). */
    public static final class AcmeAdapter implements ProviderAdapter {
        @Override
        public String provider() {
            return "acme";
        }

        @Override
        public boolean recognizes(byte[] body) {
            return new String(body, StandardCharsets.UTF_8).contains("\"acme-");
        }

        @Override
        public Usage parse(byte[] body) {
            String text = new String(body, StandardCharsets.UTF_8);
            if (SseEvents.isEventStream(body)) {
                List<String> payloads = SseEvents.dataPayloads(text);
                for (int i = payloads.size() - 1; i >= 0; i--) {
                    Map<String, Object> m = object(payloads.get(i));
                    if (m.get("usage") instanceof Map) {
                        return usage(m);
                    }
                }
                throw new UsageParseException("acme stream carries no usage");
            }
            return usage(object(text));
        }

        @SuppressWarnings("unchecked")
        @Override
        public Optional<Usage> usageOf(Object response) {
            if (response instanceof Map) {
                return Optional.of(usage((Map<String, Object>) response));
            }
            return Optional.empty();
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> object(String json) {
            Object v;
            try {
                v = Json.parse(json);
            } catch (RuntimeException e) {
                throw new UsageParseException("acme body is not JSON: " + e.getMessage(), e);
            }
            if (!(v instanceof Map)) {
                throw new UsageParseException("acme body is not a JSON object");
            }
            return (Map<String, Object>) v;
        }

        @SuppressWarnings("unchecked")
        private static Usage usage(Map<String, Object> m) {
            Object u = m.get("usage");
            if (!(u instanceof Map)) {
                throw new UsageParseException("acme body has no usage object");
            }
            Map<String, Object> usage = (Map<String, Object>) u;
            Object model = m.get("model");
            return Usage.builder("acme", model instanceof String ? (String) model : null)
                    .inputTokens(count(usage, "input_tokens"))
                    .cacheReadTokens(count(usage, "cached_tokens"))
                    .outputTokens(count(usage, "output_tokens"))
                    .build();
        }

        private static long count(Map<String, Object> usage, String field) {
            Object v = usage.get(field);
            if (v == null) {
                return 0;
            }
            if (!(v instanceof BigDecimal)) {
                throw new UsageParseException("acme usage." + field + " must be a number, was " + v);
            }
            try {
                return ((BigDecimal) v).longValueExact();
            } catch (ArithmeticException e) {
                throw new UsageParseException("acme usage." + field + " must be a whole number, was " + v);
            }
        }
    }

    /** An adapter with a bug: it throws a NullPointerException on every body. */
    public static final class BrokenAdapter implements ProviderAdapter {
        @Override
        public String provider() {
            return "broken";
        }

        @Override
        public boolean recognizes(byte[] body) {
            return false;
        }

        @Override
        public Usage parse(byte[] body) {
            throw new NullPointerException("bug in adapter");
        }
    }
}

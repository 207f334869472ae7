package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.core.tracking.CallOptions;
import dev.llmlab.core.tracking.EventStatus;
import dev.llmlab.core.tracking.TrackedEvent;
import dev.llmlab.core.tracking.TrackingSink;
import dev.llmlab.spi.ServiceTier;
import dev.llmlab.spi.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LlmLabTrackTest {
    private final CollectingSink sink = new CollectingSink("collect");
    private LlmLab lab;

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    private TrackedEvent only() {
        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        List<TrackedEvent> events = sink.events();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void track_stringBody_returnsResultAndRecordsExactCost() {
        lab = Fixtures.lab().sink(sink).build();

        String result = lab.track("acme", () -> Fixtures.BODY);

        assertThat(result).isSameAs(Fixtures.BODY);
        TrackedEvent e = only();
        assertThat(e.status()).isEqualTo(EventStatus.OK);
        assertThat(e.provider()).isEqualTo("acme");
        assertThat(e.model()).isEqualTo("acme-1");
        assertThat(e.usage().inputTokens()).isEqualTo(1000);
        assertThat(e.costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
        assertThat(e.priceId()).isEqualTo("acme/acme-1@2024-01-01");
        assertThat(lab.spend().total().costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
    }

    @Test
    void track_byteBody_andDetectedProvider_areRead() {
        lab = Fixtures.lab().sink(sink).build();

        lab.track((String) null, () -> Fixtures.BODY.getBytes(StandardCharsets.UTF_8));

        assertThat(only().costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
    }

    @Test
    void track_objectResult_isRoutedToAdapterUsageOf() {
        lab = Fixtures.lab().sink(sink).build();
        Map<String, Object> tree = Map.of("model", "acme-1",
                "usage", Map.of("input_tokens", new BigDecimal(1000), "cached_tokens", new BigDecimal(200),
                        "output_tokens", new BigDecimal(500)));

        lab.track("acme", () -> tree);

        assertThat(only().costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
    }

    @Test
    void track_serviceTierOption_pricesABodyThatNamesNoTierAtThatTier() {
        lab = Fixtures.lab().sink(sink).build();

        lab.track(CallOptions.provider("acme").serviceTier(ServiceTier.BATCH), () -> Fixtures.BODY);

        TrackedEvent e = only();
        assertThat(e.usage().serviceTier()).isEqualTo(ServiceTier.BATCH);
        // 800 x 0.50 + 200 x 0.05 + 500 x 1.00 per million: the fixture's batch rates
        assertThat(e.costUsd()).isEqualByComparingTo("0.00091");
        assertThat(e.toIngestJson()).contains("\"service_tier\":\"batch\"");
    }

    @Test
    void track_serviceTierOption_neverOverridesTheTierTheResponseReports() {
        lab = Fixtures.lab().sink(sink).build();
        Usage servedAtStandard = Usage.builder("acme", "acme-1").inputTokens(1000).cacheReadTokens(200)
                .outputTokens(500).serviceTier(ServiceTier.STANDARD).build();

        lab.track(CallOptions.provider("acme").serviceTier(ServiceTier.BATCH), () -> servedAtStandard);

        TrackedEvent e = only();
        assertThat(e.usage().serviceTier()).isEqualTo(ServiceTier.STANDARD);
        assertThat(e.costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
        assertThat(e.toIngestJson()).doesNotContain("service_tier");
    }

    @Test
    void track_usageSourceFunction_readsPartOfResult() {
        lab = Fixtures.lab().sink(sink).build();
        record Response(int status, String body) { }

        Response r = lab.track(CallOptions.provider("acme"), () -> new Response(200, Fixtures.BODY), Response::body);

        assertThat(r.status()).isEqualTo(200);
        assertThat(only().costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
    }

    @Test
    void track_tagsModelOverrideAndDefaultTags_areAttached() {
        lab = Fixtures.lab().sink(sink).defaultTag("project", "bot").defaultTag("env", "prod").build();

        lab.track(CallOptions.provider("acme").tag("feature", "chat").tag("env", "staging").model("acme-1"),
                () -> Fixtures.body("acme-unknown-name", 1000, 200, 500));

        TrackedEvent e = only();
        assertThat(e.tags()).containsExactly(Map.entry("project", "bot"), Map.entry("env", "staging"),
                Map.entry("feature", "chat"));
        assertThat(e.model()).isEqualTo("acme-1");
        assertThat(e.costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
    }

    @Test
    void track_durationIsMeasured() throws InterruptedException {
        lab = Fixtures.lab().sink(sink).build();

        lab.track("acme", () -> {
            Thread.sleep(40);
            return Fixtures.BODY;
        });

        assertThat(only().durationMillis()).isBetween(40L, 5_000L);
    }

    @Test
    void track_failedCall_exceptionReachesCallerUnchanged_andErrorEventIsRecorded() {
        lab = Fixtures.lab().sink(sink).build();
        IOException failure = new IOException("connection reset");

        assertThatThrownBy(() -> lab.track(CallOptions.provider("acme").tag("feature", "chat"), () -> {
            throw failure;
        })).isSameAs(failure);

        TrackedEvent e = only();
        assertThat(e.status()).isEqualTo(EventStatus.CALL_FAILED);
        assertThat(e.error()).isEqualTo("java.io.IOException: connection reset");
        assertThat(e.usage()).isNull();
        assertThat(e.costUsd()).isNull();
        assertThat(e.tags()).containsEntry("feature", "chat");
        assertThat(lab.spend().total().errorEvents()).isEqualTo(1);
        assertThat(lab.spend().total().costUsd()).isEqualByComparingTo("0");
    }

    @Test
    void track_uncheckedFailure_reachesCallerUnchanged() {
        lab = Fixtures.lab().sink(sink).build();
        IllegalStateException failure = new IllegalStateException("429 from provider");

        assertThatThrownBy(() -> lab.track("acme", () -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(only().status()).isEqualTo(EventStatus.CALL_FAILED);
    }

    @Test
    void track_errorBody_callerGetsResult_eventSaysUsageUnreadable() {
        lab = Fixtures.lab().sink(sink).build();
        String errorBody = "{\"error\":{\"message\":\"rate limited\"}}";

        assertThat(lab.track("acme", () -> errorBody)).isSameAs(errorBody);

        TrackedEvent e = only();
        assertThat(e.status()).isEqualTo(EventStatus.USAGE_UNREADABLE);
        assertThat(e.error()).contains("no usage");
        assertThat(e.costUsd()).isNull();
    }

    @Test
    void track_garbageResults_neverReachTheCaller() {
        lab = Fixtures.lab().sink(sink).build();
        byte[] random = new byte[300];
        new java.util.Random(7).nextBytes(random);
        Object[] garbage = {"", "{", "[1,2]", "{\"model\":\"acme-1\",\"usage\":{\"input_tokens\":-5}}",
            "{\"model\":\"acme-1\",\"usage\":{\"input_tokens\":\"12\"}}", random, null, 42, new Object()};

        for (Object g : garbage) {
            assertThat(lab.track("acme", () -> g)).isSameAs(g);
        }

        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.events()).hasSize(garbage.length)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(EventStatus.USAGE_UNREADABLE));
        assertThat(lab.stats().internalErrors()).isZero();
    }

    @Test
    void track_adapterWithBug_callerUnaffected() {
        lab = LlmLab.builder().providers(dev.llmlab.core.providers.ProviderRegistry.of(new Fixtures.AcmeAdapter(),
                new Fixtures.BrokenAdapter())).catalog(Fixtures.catalog()).shutdownHook(false).sink(sink).build();

        assertThat(lab.track("broken", () -> "body")).isEqualTo("body");

        TrackedEvent e = only();
        assertThat(e.status()).isEqualTo(EventStatus.USAGE_UNREADABLE);
        assertThat(e.error()).contains("bug in adapter");
    }

    @Test
    void track_unknownModel_isExplicitlyUnpriced_neverZero() {
        lab = Fixtures.lab().sink(sink).build();

        lab.track("acme", () -> Fixtures.body("acme-9000", 10, 0, 10));

        TrackedEvent e = only();
        assertThat(e.status()).isEqualTo(EventStatus.OK);
        assertThat(e.costUsd()).isNull();
        assertThat(e.unpricedReason()).contains("acme-9000");
        assertThat(e.toJson()).contains("\"cost_usd\":null");
        assertThat(lab.spend().total().unpricedEvents()).isEqualTo(1);
    }

    @Test
    void track_sinkThatThrows_neverBreaksTheCall() {
        TrackingSink exploding = batch -> {
            throw new OutOfMemoryError("sink bug");
        };
        lab = Fixtures.lab().sink(exploding).sink(sink).closeTimeout(Duration.ofMillis(200)).build();

        assertThat(lab.track("acme", () -> Fixtures.BODY)).isSameAs(Fixtures.BODY);

        assertThat(only().costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
        assertThat(lab.stats().sinks().get(1).failedWrites()).isPositive();
    }

    @Test
    void record_usageGivenDirectly_isPriced() {
        lab = Fixtures.lab().sink(sink).build();

        lab.record(Usage.builder("acme", "acme-1").inputTokens(1000).cacheReadTokens(200).outputTokens(500).build(),
                CallOptions.provider("acme").tag("user", "u1"));

        TrackedEvent e = only();
        assertThat(e.costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
        assertThat(e.tags()).containsEntry("user", "u1");
    }

    @Test
    void event_json_carriesContractFields() {
        lab = Fixtures.lab().sink(sink).build();
        lab.track(CallOptions.provider("acme").tag("feature", "chat"), () -> Fixtures.BODY);

        String json = only().toJson();

        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) dev.llmlab.core.internal.json.Json.parse(json);
        assertThat(m).containsKeys("id", "timestamp", "provider", "model", "input_tokens", "cache_read_tokens",
                "cache_write_tokens", "cache_write_1h_tokens", "output_tokens", "reasoning_tokens", "duration_ms", "tags");
        assertThat(java.util.UUID.fromString((String) m.get("id")).version()).isEqualTo(4);
        assertThat(java.time.Instant.parse((String) m.get("timestamp"))).isNotNull();
        assertThat(m.get("cost_usd")).isEqualTo(Amounts.plain(Fixtures.BODY_COST));
        assertThat(m.get("tags")).isEqualTo(Map.of("feature", "chat"));
        assertThat(m.get("input_tokens")).isEqualTo(new BigDecimal(1000));
    }

    @Test
    void track_httpResponseFromJdkClient_bodyIsRead_errorStatusIsRecorded() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/v1/chat", exchange -> {
            try (exchange) {
                boolean fail = exchange.getRequestURI().getQuery() != null;
                byte[] out = (fail ? "{\"error\":\"overloaded\"}" : Fixtures.BODY).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(fail ? 529 : 200, out.length);
                exchange.getResponseBody().write(out);
            }
        });
        server.start();
        lab = Fixtures.lab().sink(sink).build();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat");
        try {
            java.net.http.HttpResponse<String> ok = lab.track("acme", () -> client.send(
                    java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.ofString()));
            java.net.http.HttpResponse<String> overloaded = lab.track("acme", () -> client.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(uri + "?fail")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));

            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(overloaded.statusCode()).isEqualTo(529);
        } finally {
            server.stop(0);
        }

        assertThat(lab.flush(Duration.ofSeconds(10))).isTrue();
        List<TrackedEvent> events = sink.events();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).costUsd()).isEqualByComparingTo(Fixtures.BODY_COST);
        assertThat(events.get(1).status()).isEqualTo(EventStatus.USAGE_UNREADABLE);
        assertThat(events.get(1).error()).contains("HTTP 529").contains("overloaded");
    }

    @Test
    void estimateMaxCost_pricesPromptAndMaxTokens() {
        lab = Fixtures.lab().build();

        assertThat(lab.estimateMaxCostUsd("acme", "acme-1", 1000, 500)).isEqualByComparingTo("0.002");
    }
}

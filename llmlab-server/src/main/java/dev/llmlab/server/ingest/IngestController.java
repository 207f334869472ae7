package dev.llmlab.server.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.core.pricing.CostCalculator;
import dev.llmlab.core.usage.UsageRecords;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.auth.Authenticated;
import dev.llmlab.server.auth.Caller;
import dev.llmlab.server.auth.Scope;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.http.JsonTrees;
import dev.llmlab.server.http.PathIds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/events/track}: one event, or {@code {"events":[…]}} of up to
 * {@link ServerConfig#maxEvents()} events. Each event stands alone: a valid one is stored (or
 * recognised as a duplicate), an invalid one is rejected with its error, and the response lists a
 * result per event in the order sent. A single event that is invalid is a 400.
 *
 * <p>Also {@code GET /api/events/{id}}: one stored event of the caller.
 */
@Controller("/api/events")
@ExecuteOn(TaskExecutors.BLOCKING)
public class IngestController {
    private final EventStore store;
    private final ServerConfig config;
    private final int maxEvents;

    /**
     * @param store event storage
     * @param config limits and catalog
     */
    public IngestController(EventStore store, ServerConfig config) {
        this.store = store;
        this.config = config;
        this.maxEvents = config.maxEvents();
    }

    /**
     * @param caller the account of the API key ({@code ingest}; login tokens are refused)
     * @param body one event or {@code {"events":[…]}}
     * @return 200 {@code {"accepted","duplicates","rejected","events":[…]}}
     */
    @Post(value = "/track", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> track(@Authenticated(value = Scope.INGEST, tokens = false) Caller caller,
            @Nullable @Body byte[] body) {
        // A defect inside one event of a batch (NUL, a duplicate key…) rejects that event alone.
        JsonBodies.Batch parsed = JsonBodies.parseBatch(body, "events");
        ObjectNode root = parsed.root();
        Instant now = Instant.now();
        JsonNode batch = root.get("events");
        boolean single = batch == null;
        List<JsonNode> nodes = new ArrayList<>();
        if (single) {
            nodes.add(root);
        } else {
            if (!batch.isArray()) {
                throw ApiException.invalid("events", "events must be an array of events, was " + JsonBodies.kind(batch));
            }
            if (batch.isEmpty()) {
                throw ApiException.invalid("events", "events must hold at least one event");
            }
            if (batch.size() > maxEvents) {
                throw new ApiException(413, "too_many_events", "a request may carry at most " + maxEvents
                        + " events, this one has " + batch.size() + "; split it", "events");
            }
            batch.forEach(nodes::add);
        }
        int n = nodes.size();
        List<Outcome> outcomes = new ArrayList<>(n);
        // The catalog in force now: a refreshed price file applies from the next request. Each
        // catalog keeps its own lookup cache, so a calculator over it costs nothing to make.
        CostCalculator calculator = CostCalculator.of(config.catalog());
        List<PricedEvent> toStore = new ArrayList<>(n);
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ApiException defect = single ? null : parsed.defect(i);
            if (defect != null) {
                outcomes.add(new Rejected(i, nodes.get(i), defect));
                continue;
            }
            try {
                IncomingEvent e = EventParser.parse(nodes.get(i), single ? "" : "events[" + i + "].", now);
                if (!seen.add(e.id())) {
                    outcomes.add(new Repeated(e.id()));
                    continue;
                }
                PricedEvent p = new PricedEvent(e, calculator.price(e.usage(), e.occurredAt()));
                outcomes.add(new Priced(p));
                toStore.add(p);
            } catch (ApiException ex) {
                if (single) {
                    throw ex;
                }
                outcomes.add(new Rejected(i, nodes.get(i), ex));
            }
        }
        Set<UUID> inserted = store.insert(caller.userId(), caller.apiKeyId(), toStore);
        Set<UUID> duplicateIds = new HashSet<>();
        for (Outcome o : outcomes) {
            if (o instanceof Repeated r) {
                duplicateIds.add(r.id());
            } else if (o instanceof Priced p && !inserted.contains(p.id())) {
                duplicateIds.add(p.id());
            }
        }
        Map<UUID, StoredEvent> stored = new HashMap<>();
        for (StoredEvent s : store.find(caller.userId(), duplicateIds)) {
            stored.put(s.id(), s);
        }
        int accepted = 0;
        int duplicates = 0;
        int rejected = 0;
        for (Outcome o : outcomes) {
            if (o instanceof Rejected) {
                rejected++;
            } else if (o instanceof Priced p && inserted.contains(p.id())) {
                accepted++;
            } else {
                duplicates++;
            }
        }
        // Written with a streaming generator: a batch answer has one result per event, and building
        // a tree first doubled the cost of the response.
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 + n * 110);
        try (JsonGenerator g = JsonBodies.MAPPER.getFactory().createGenerator(buf)) {
            g.writeStartObject();
            g.writeNumberField("accepted", accepted);
            g.writeNumberField("duplicates", duplicates);
            g.writeNumberField("rejected", rejected);
            g.writeArrayFieldStart("events");
            for (Outcome o : outcomes) {
                g.writeStartObject();
                if (o instanceof Rejected r) {
                    writeRejected(g, r);
                } else if (o instanceof Priced p && inserted.contains(p.id())) {
                    g.writeStringField("id", p.id().toString());
                    g.writeStringField("status", "accepted");
                    PricedEvent e = p.event();
                    writePrice(g, e.result().isPriced() ? e.result().cost().total() : null, e.result().pricedAs(),
                            e.result().isPriced() ? null : e.result().unpricedReason());
                } else {
                    UUID id = o instanceof Priced p ? p.id() : ((Repeated) o).id();
                    g.writeStringField("id", id.toString());
                    g.writeStringField("status", "duplicate");
                    StoredEvent s = stored.get(id);
                    writePrice(g, s == null ? null : s.costUsd(), s == null ? null : s.pricedAs(),
                            s == null ? null : s.unpricedReason());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the response", e);
        }
        return HttpResponse.<byte[]>ok(buf.toByteArray()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** What became of one event of a request. */
    private sealed interface Outcome permits Priced, Repeated, Rejected {
    }

    /** Valid and priced: stored, or a duplicate of an event stored before this request. */
    private record Priced(PricedEvent event) implements Outcome {
        UUID id() {
            return event.event().id();
        }
    }

    /** A second event with the id of an earlier one of the same request. */
    private record Repeated(UUID id) implements Outcome {
    }

    /** Invalid: stored nothing. */
    private record Rejected(int index, JsonNode node, ApiException error) implements Outcome {
    }

    private static void writeRejected(JsonGenerator g, Rejected r) throws IOException {
        g.writeNumberField("index", r.index());
        // Echoed only when it is an id the server would accept: the index already names the event.
        JsonNode id = r.node().isObject() ? r.node().get("id") : null;
        UUID uuid = id != null && id.isTextual() ? PathIds.canonical(id.textValue()) : null;
        if (uuid == null) {
            g.writeNullField("id");
        } else {
            g.writeStringField("id", uuid.toString());
        }
        g.writeStringField("status", "rejected");
        g.writeObjectFieldStart("error");
        g.writeStringField("code", r.error().code());
        g.writeStringField("message", r.error().getMessage());
        if (r.error().field() == null) {
            g.writeNullField("field");
        } else {
            g.writeStringField("field", r.error().field());
        }
        g.writeEndObject();
    }

    private static void writePrice(JsonGenerator g, BigDecimal cost, String pricedAs, String reason) throws IOException {
        if (cost == null) {
            g.writeNullField("cost_usd");
        } else {
            g.writeStringField("cost_usd", Amounts.plain(cost));
        }
        if (pricedAs == null) {
            g.writeNullField("priced_as");
        } else {
            g.writeStringField("priced_as", pricedAs);
        }
        if (reason != null) {
            g.writeStringField("unpriced_reason", reason);
        }
    }

    /**
     * @param caller the account ({@code read})
     * @param id the event id
     * @return the stored event; 404 when the caller has no event with this id
     */
    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> get(@Authenticated(Scope.READ) Caller caller, @PathVariable String id) {
        UUID eventId = PathIds.parse(id, "event");
        List<StoredEvent> found = store.find(caller.userId(), List.of(eventId));
        if (found.isEmpty()) {
            throw ApiException.notFound("event " + id);
        }
        StoredEvent s = found.get(0);
        ObjectNode o = JsonBodies.object();
        o.put("id", s.id().toString());
        UsageRecords.writeUsage(s.usage(), JsonTrees.writer(o), true);
        // always shown here, standard included: the stored event says at which tier it was priced
        o.put(UsageRecords.SERVICE_TIER, s.usage().serviceTier().wireName());
        o.put(UsageRecords.INFERENCE_GEO, s.usage().inferenceGeo());
        putPrice(o, s.costUsd(), s.pricedAs(), s.unpricedReason());
        o.put("price_id", s.priceId());
        o.put("timestamp", s.occurredAt().toString());
        try {
            o.set("tags", JsonBodies.MAPPER.readTree(s.tagsJson()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return JsonBodies.respond(HttpStatus.OK, o);
    }

    private static void putPrice(ObjectNode r, BigDecimal cost, String pricedAs, String reason) {
        if (cost == null) {
            r.putNull("cost_usd");
        } else {
            r.put("cost_usd", Amounts.plain(cost));
        }
        if (pricedAs == null) {
            r.putNull("priced_as");
        } else {
            r.put("priced_as", pricedAs);
        }
        if (reason != null) {
            r.put("unpriced_reason", reason);
        }
    }
}

package dev.llmlab.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.core.usage.UsageRecords;
import dev.llmlab.server.auth.Authenticated;
import dev.llmlab.server.auth.Caller;
import dev.llmlab.server.auth.Scope;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.spi.Usage;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code GET /api/events?limit=&before=&provider=&model=&service_tier=&tag.<key>=<value>&from=&to=}: the caller's
 * most recent events, newest first, {@link EventQuery#DEFAULT_LIMIT} a page (at most
 * {@link EventQuery#MAX_LIMIT}); {@code next_before} continues with the next older page and is null
 * on the last one.
 */
@Controller("/api/events")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EventListController {
    private final EventList events;

    /** @param events reads the stored events */
    public EventListController(EventList events) {
        this.events = events;
    }

    /**
     * @param request the request, whose raw query {@link EventQuery} reads
     * @param caller the account ({@code read}); only its events are listed
     * @return 200 {@code {"events":[…],"next_before"}}; 400 naming the query parameter at fault
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> list(HttpRequest<?> request, @Authenticated(Scope.READ) Caller caller) {
        EventQuery query = EventQuery.parse(request.getUri().getRawQuery());
        List<EventList.Listed> page = events.page(caller.userId(), query);
        ObjectNode out = JsonBodies.list("events", page, EventListController::render);
        if (page.size() == query.limit()) {
            out.put("next_before", page.get(page.size() - 1).cursor().encode());
        } else {
            out.putNull("next_before");
        }
        return JsonBodies.respond(HttpStatus.OK, out);
    }

    private static ObjectNode render(EventList.Listed l) {
        StoredEvent s = l.event();
        Usage u = s.usage();
        ObjectNode o = JsonBodies.object();
        o.put("id", s.id().toString());
        o.put("occurred_at", s.occurredAt().toString());
        o.put(UsageRecords.PROVIDER, u.provider());
        o.put(UsageRecords.MODEL, u.model());
        // Every count always, zero included: a table shows the same columns for every row.
        o.put(UsageRecords.INPUT_TOKENS, u.inputTokens());
        o.put(UsageRecords.CACHE_READ_TOKENS, u.cacheReadTokens());
        o.put(UsageRecords.CACHE_WRITE_TOKENS, u.cacheWriteTokens());
        o.put(UsageRecords.CACHE_WRITE_1H_TOKENS, u.cacheWrite1hTokens());
        o.put(UsageRecords.OUTPUT_TOKENS, u.outputTokens());
        if (u.reasoningTokens().isPresent()) {
            o.put(UsageRecords.REASONING_TOKENS, u.reasoningTokens().getAsLong());
        } else {
            o.putNull(UsageRecords.REASONING_TOKENS); // the provider did not say
        }
        o.put(UsageRecords.INPUT_AUDIO_TOKENS, u.inputAudioTokens());
        o.put(UsageRecords.OUTPUT_AUDIO_TOKENS, u.outputAudioTokens());
        o.put(UsageRecords.WEB_SEARCH_REQUESTS, u.webSearchRequests());
        // always shown, standard included, as GET /api/events/{id} does: the tier the event was priced at
        o.put(UsageRecords.SERVICE_TIER, u.serviceTier().wireName());
        o.put(UsageRecords.INFERENCE_GEO, u.inferenceGeo());
        if (s.costUsd() == null) {
            o.putNull("cost_usd");
        } else {
            o.put("cost_usd", Amounts.plain(s.costUsd()));
        }
        o.put("priced_as", s.pricedAs());
        o.put("unpriced_reason", s.unpricedReason());
        if (l.durationMs() == null) {
            o.putNull("duration_ms");
        } else {
            o.put("duration_ms", l.durationMs());
        }
        o.set("tags", tags(s.tagsJson()));
        return o;
    }

    private static JsonNode tags(String json) {
        try {
            return JsonBodies.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored event's tags are not JSON", e);
        }
    }
}

package dev.llmlab.server.live;

import dev.llmlab.server.auth.Authenticated;
import dev.llmlab.server.auth.Caller;
import dev.llmlab.server.auth.Scope;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.reactivestreams.Publisher;

/**
 * {@code GET /api/live}: server-sent events for the caller's account — {@code event: ready} on
 * (re)connecting, {@code event: usage} with {@code {"accepted","cost_usd","at"}} after every
 * committed ingest of the account through any instance, {@code event: ping} with a heartbeat
 * comment while idle. See {@link LiveStreams}.
 *
 * <pre>{@code
 * const live = new EventSource("/api/live");
 * live.addEventListener("ready", refetch);   // first connect and every reconnect: catch up
 * live.addEventListener("usage", refetch);
 * }</pre>
 */
@Controller("/api/live")
public class LiveController {
    private final LiveStreams streams;

    /** @param streams this instance's streams */
    public LiveController(LiveStreams streams) {
        this.streams = streams;
    }

    /**
     * @param caller the account ({@code read}); only its notices are sent
     * @return the stream; 429 or 503 in the error shape when too many are open
     */
    @Get(produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING) // the credentials are checked against the database
    public HttpResponse<Publisher<Event<String>>> live(@Authenticated(Scope.READ) Caller caller) {
        // a buffering proxy (nginx) would hold the notices back: ask it not to
        return HttpResponse.ok(streams.open(caller.userId())).header("X-Accel-Buffering", "no");
    }
}

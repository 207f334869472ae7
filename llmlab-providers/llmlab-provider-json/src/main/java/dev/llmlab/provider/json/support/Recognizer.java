package dev.llmlab.provider.json.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.llmlab.provider.json.FastJsonParser;
import dev.llmlab.spi.SseEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An adapter's {@code recognizes}: a reader of the first members of a JSON document answers
 * whether they are the provider's, over the fast parser and over Jackson's when it declines; a
 * server-sent events stream is the provider's when one of its first events is. Never throws: a
 * body the reader cannot read is not the provider's. Immutable and thread-safe.
 *
 * <pre>{@code
 * static final Recognizer RECOGNIZER = Recognizer.of(JSON, Adapter::recognizesObject)
 *         .withStreams(64 * 1024, 8, Adapter::recognizesObject);
 * }</pre>
 */
public final class Recognizer {
    private final JsonFactory json;
    private final FastJsonParser.Reader<Boolean> document;
    private final int streamBytes;
    private final int streamEvents;
    private final FastJsonParser.Reader<Boolean> event;

    private Recognizer(JsonFactory json, FastJsonParser.Reader<Boolean> document, int streamBytes, int streamEvents,
            FastJsonParser.Reader<Boolean> event) {
        this.json = json;
        this.document = document;
        this.streamBytes = streamBytes;
        this.streamEvents = streamEvents;
        this.event = event;
    }

    /**
     * @param json the adapter's factory; not null
     * @param document reads a document's first members and answers whether they are the
     *     provider's; any exception means they are not; not null
     * @return a recognizer of JSON documents (a stream is read as one, which fails: not ours)
     */
    public static Recognizer of(JsonFactory json, FastJsonParser.Reader<Boolean> document) {
        return new Recognizer(Objects.requireNonNull(json, "json"), Objects.requireNonNull(document, "document"), 0,
                0, null);
    }

    /**
     * @param maxBytes how much of a stream to look at
     * @param maxEvents how many of its events with data to look at
     * @param event reads an event's first members, with Jackson; an event it cannot read (one cut
     *     off at the end of the window, say) leaves the answer to the next; not null
     * @return this recognizer, recognising server-sent events streams too
     */
    public Recognizer withStreams(int maxBytes, int maxEvents, FastJsonParser.Reader<Boolean> event) {
        return new Recognizer(json, document, maxBytes, maxEvents, Objects.requireNonNull(event, "event"));
    }

    /**
     * @param body the raw body; not null
     * @return true when the body is the provider's
     */
    public boolean recognizes(byte[] body) {
        return recognizes(body, true);
    }

    /**
     * @param body the raw body; not null
     * @return what {@link #recognizes} answers, read with Jackson's parser only: the reference the
     *     fast path must agree with
     */
    public boolean recognizesWithJackson(byte[] body) {
        return recognizes(body, false);
    }

    private boolean recognizes(byte[] body, boolean fast) {
        if (event != null && SseEvents.isEventStream(body)) {
            return recognizesStream(body);
        }
        try {
            Boolean seen = fast ? FastJsonParser.tryRead(body, 0, body.length, document) : null;
            if (seen != null) {
                return seen;
            }
            try (JsonParser p = json.createParser(body)) {
                return document.read(p);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean recognizesStream(byte[] body) {
        boolean[] seen = {false};
        SseEvents.forEachData(body, Math.min(body.length, streamBytes), streamEvents, (buf, off, len, n) -> {
            if (!seen[0]) {
                try (JsonParser p = json.createParser(new String(buf, off, len, StandardCharsets.UTF_8))) {
                    seen[0] = event.read(p);
                } catch (IOException | RuntimeException e) {
                    // not this event: look at the next one
                }
            }
        });
        return seen[0];
    }
}

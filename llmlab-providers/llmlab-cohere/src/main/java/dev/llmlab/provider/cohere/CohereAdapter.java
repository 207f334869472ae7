package dev.llmlab.provider.cohere;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.provider.json.ByteSearch;
import dev.llmlab.provider.json.support.ResponseObjects;
import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.Usage;
import dev.llmlab.spi.UsageParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads Cohere responses into LLMlab's normalized {@link Usage} and contributes Cohere's price
 * list. Immutable and thread-safe; found by {@link java.util.ServiceLoader}.
 *
 * <p>What it reads:
 * <ul>
 *   <li>API v2 Chat ({@code /v2/chat}): {@code usage.billed_units};</li>
 *   <li>API v1 Chat, Generate and Embed, API v2 Embed: {@code meta.billed_units};</li>
 *   <li>API v2 streaming (server-sent events {@code message-start} … {@code message-end}): the
 *       {@code message-end} event's {@code delta.usage.billed_units};</li>
 *   <li>API v1 streaming (newline-delimited JSON, not SSE): the last event's
 *       {@code response.meta.billed_units}.</li>
 * </ul>
 *
 * <p>Cohere quirks this adapter handles:
 * <ul>
 *   <li>Cohere bills {@code billed_units}, which can be fewer than {@code tokens} (tokens include
 *       special and system tokens Cohere adds and does not bill), so input and output are the
 *       billed counts.</li>
 *   <li>No prompt caching, so cache reads and writes are zero; no reasoning report, so reasoning
 *       tokens are unknown.</li>
 *   <li>Responses name no model: the usage's {@link Usage#model()} is null. Supply the model the
 *       request named with {@link Usage#withModel(String)} before pricing; the catalog reports a
 *       null model as unpriced, never as $0.</li>
 *   <li>Rerank ({@code search_units}) and Classify ({@code classifications}) bill per unit, not
 *       per token: such bodies are rejected with a {@link UsageParseException} rather than
 *       priced at $0. So are Embed calls that billed images, which have their own rate.</li>
 * </ul>
 *
 * <pre>{@code
 * ProviderAdapter cohere = new CohereAdapter();
 * Usage usage = cohere.parse(responseBody).withModel("command-r-08-2024");
 * }</pre>
 */
public final class CohereAdapter implements ProviderAdapter {
    /**
     * How much of a body's head and tail {@link #recognizes(byte[])} scans: Cohere's usage sits at
     * the end (after message content or embeddings), streamed events start with characteristic
     * keys, so the middle of a large body need not be read.
     */
    private static final int WINDOW = 64 * 1024;
    /** The stretch at each end looked at first, where Cohere's markers usually are. */
    private static final int NEAR_END = 1024;
    private static final int MAX_ERROR_BODY = 4096;
    private static final byte QUOTE = '"';

    private static final byte[][] KEYS = {
        ascii("\"billed_units\""), // usage.billed_units (v2), meta.billed_units (v1, embed)
        ascii("\"api_version\""), // meta.api_version (v1, embed, rerank)
        ascii("\"event_type\""), // v1 streamed events
        ascii("\"is_finished\""), // v1 streamed events, Chat and Generate
    };
    private static final byte[][] VALUES = {
        ascii("\"message-start\""), // v2 streamed event types; Anthropic's are message_start
        ascii("\"message-end\""),
        ascii("\"content-delta\""),
    };

    /** Creates the adapter; it holds no state. */
    public CohereAdapter() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return {@code "cohere"} */
    @Override
    public String provider() {
        return CohereUsageReader.PROVIDER;
    }

    /**
     * Recognises Cohere bodies by keys no other provider uses: {@code billed_units},
     * {@code api_version}, {@code event_type}, {@code is_finished}, the v2 stream's hyphenated
     * event types ({@code message-start}, {@code content-delta}, {@code message-end}), and the
     * small Cohere error body ({@code {"message": "..."}}, optionally with {@code id}). An
     * OpenAI or Anthropic body (whose {@code usage} has no {@code billed_units}) is not claimed.
     * Only the first and last 64 KiB of a body are scanned.
     *
     * @param body the raw body; not null
     * @return true when the body looks like a Cohere response, event stream or error
     */
    @Override
    public boolean recognizes(byte[] body) {
        Objects.requireNonNull(body, "body");
        int n = body.length;
        if (n <= 2 * WINDOW) {
            // the whole body, from the end: billed_units closes a body
            if (hasMarker(body, 0, n, true)) {
                return true;
            }
        } else if (hasMarker(body, n - NEAR_END, n, true) || hasMarker(body, 0, NEAR_END, false)
                || hasMarker(body, 0, WINDOW, false) || hasMarker(body, n - WINDOW, n, true)) {
            // Cohere's markers sit near an end: billed_units closes a body, a stream opens with
            // message-start or event_type. Look there first, then through the head and tail windows.
            return true;
        }
        return n <= MAX_ERROR_BODY && isErrorBody(body);
    }

    /**
     * Looks for a marker starting in [from, to - 2), scanning backwards from the end when asked;
     * quotes are found eight bytes at a time.
     */
    static boolean hasMarker(byte[] b, int from, int to, boolean backwards) {
        int last = to - 2;
        if (last <= from) {
            return false;
        }
        int i = backwards ? ByteSearch.lastIndexOf(b, QUOTE, from, last) : ByteSearch.indexOf(b, QUOTE, from, last);
        while (i >= 0) {
            if (markerAt(b, i, to)) {
                return true;
            }
            i = backwards ? ByteSearch.lastIndexOf(b, QUOTE, from, i) : ByteSearch.indexOf(b, QUOTE, i + 1, last);
        }
        return false;
    }

    /** Is there a marker at the quote at {@code i}? */
    private static boolean markerAt(byte[] b, int i, int to) {
        // dispatch on the first letter: most quotes open no marker at all
        switch (b[i + 1]) {
            case 'b':
            case 'a':
            case 'e':
            case 'i':
                for (byte[] key : KEYS) {
                    if (key[1] == b[i + 1] && matches(b, i, to, key) && followedByColon(b, i + key.length, to)) {
                        return true;
                    }
                }
                break;
            case 'm':
            case 'c':
                for (byte[] value : VALUES) {
                    if (value[1] == b[i + 1] && matches(b, i, to, value)) {
                        return true;
                    }
                }
                break;
            default:
                break;
        }
        return false;
    }

    private static boolean matches(byte[] b, int at, int to, byte[] pattern) {
        if (to - at < pattern.length) {
            return false;
        }
        for (int k = 2; k < pattern.length; k++) { // the quote and first letter are already checked
            if (b[at + k] != pattern[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean followedByColon(byte[] b, int at, int to) {
        int i = at;
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i < to && b[i] == ':';
    }

    /** A small object whose keys are only {@code message} (a string), {@code id} and {@code data}. */
    private static boolean isErrorBody(byte[] body) {
        try (JsonParser p = CohereUsageReader.JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean message = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("message")) {
                    message = v == JsonToken.VALUE_STRING;
                } else if (!name.equals("id") && !name.equals("data")) {
                    return false;
                }
                p.skipChildren();
            }
            return t == JsonToken.END_OBJECT && message && p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false; // not JSON, or not this shape: not ours to claim
        }
    }

    /**
     * Reads the billed usage of a Cohere response: a JSON body, an API v2 server-sent events
     * transcript, or an API v1 newline-delimited JSON stream.
     *
     * @param body the raw response body, UTF-8; not null
     * @return the usage, with a null model (Cohere responses name none) and unknown reasoning
     * @throws UsageParseException when the body is empty, malformed (with line and column), an
     *     error body (quoting Cohere's message), carries no billed usage, or bills per search unit
     *     or classification (Rerank, Classify) rather than per token
     */
    @Override
    public Usage parse(byte[] body) {
        Objects.requireNonNull(body, "body");
        return CohereUsageReader.parse(body);
    }

    /**
     * Reads the usage from a response the caller already holds: a Jackson {@link JsonNode} (a
     * parsed Cohere body), a {@link String} or a {@code byte[]} (a raw body or transcript).
     *
     * @param response the response object; not null
     * @return the usage, or empty for any other type
     * @throws UsageParseException when the object is of a known type but carries no billed usage
     */
    @Override
    public Optional<Usage> usageOf(Object response) {
        return ResponseObjects.usageOf(response, this, CohereUsageReader::parseTree);
    }

    /**
     * Opens Cohere's price list ({@code dev/llmlab/provider/cohere/prices.json}).
     *
     * @return the price list
     */
    @Override
    public Optional<InputStream> openPriceList() {
        return Optional.ofNullable(CohereAdapter.class.getResourceAsStream("prices.json"));
    }

    @Override
    public String toString() {
        return "CohereAdapter";
    }
}

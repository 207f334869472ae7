package dev.llmlab.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CLI's client of an LLMlab server: JSON over HTTP with bounded waits (5 s to connect, 30 s for
 * an answer), no redirects followed (the key goes to the server named and nowhere else). Every way a
 * call can fail is a {@link CliFailure} saying what happened — unreachable, refused key, the
 * server's own error message — and never holding the key.
 */
final class ServerApi {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String server;
    private final String apiKey; // null for calls without credentials (signup)
    private final HttpClient client;

    /**
     * @param server the base URL, validated by {@link CliConfig#server(String, String)}
     * @param apiKey the API key, of the shape {@link CliConfig#looksLikeKey(String)} checks, or null
     */
    ServerApi(String server, String apiKey) {
        this.server = server;
        this.apiKey = apiKey;
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** @return the base URL */
    String server() {
        return server;
    }

    /** An answer: its status and body text, parsed as JSON. */
    record Answer(int status, String text, JsonNode json) {
    }

    /**
     * @param path and query, e.g. {@code /api/costs/summary?period=month}
     * @return the 2xx answer
     * @throws CliFailure for anything else
     */
    Answer get(String path) {
        return expectOk(send(HttpRequest.newBuilder(uri(path)).GET(), path));
    }

    /**
     * @param path the path
     * @param json the body
     * @return the answer, whatever its status (the caller words the refusals it expects)
     * @throws CliFailure when there is no answer or it is not an LLMlab answer
     */
    Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), path);
    }

    /**
     * @param a an answer
     * @return it when its status is 2xx
     * @throws CliFailure naming the refusal: the key for 401, the server's message otherwise
     */
    Answer expectOk(Answer a) {
        if (a.status() / 100 == 2) {
            return a;
        }
        String why = errorMessage(a);
        if (a.status() == 401) {
            throw new CliFailure("the server at " + server + " refused the API key " + CliConfig.mask(apiKey) + ": " + why
                    + " (a new key: llmlab init API_KEY)");
        }
        throw new CliFailure("the server at " + server + " answered " + a.status() + ": " + why);
    }

    /** @return the message of an LLMlab error body, or a short form of what came instead */
    static String errorMessage(Answer a) {
        JsonNode error = a.json() == null ? null : a.json().path("error");
        if (error != null && error.hasNonNull("message")) {
            String code = error.path("code").asText("");
            return (code.isEmpty() ? "" : code + ": ") + error.get("message").asText();
        }
        String t = a.text().strip().replaceAll("\\s+", " ");
        return t.isEmpty() ? "no message" : t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    private URI uri(String path) {
        return URI.create(server + path);
    }

    private Answer send(HttpRequest.Builder b, String path) {
        b.timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<byte[]> r;
        // the whole exchange is bounded, body included: the client's own timeout ends at the headers
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            r = answer.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw silent(path);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new CliFailure("interrupted while waiting for " + server);
        }
        byte[] body = r.body();
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode json = null;
        try {
            json = text.isBlank() ? null : InOut.JSON.readTree(text);
        } catch (IOException e) {
            json = null;
        }
        if (r.statusCode() / 100 == 2 && (json == null || !json.isObject())) {
            throw new CliFailure("the server at " + server + " did not answer " + path
                    + " as an LLMlab server does (no JSON object); is --server right?");
        }
        if (r.statusCode() / 100 == 3) {
            throw new CliFailure("the server at " + server + " redirects " + path + " to "
                    + r.headers().firstValue("Location").orElse("elsewhere")
                    + "; give that address with --server (redirects are not followed, so the key goes nowhere else)");
        }
        return new Answer(r.statusCode(), text, json);
    }

    private CliFailure failure(Throwable e, String path) {
        if (e instanceof HttpConnectTimeoutException) {
            return unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
        }
        if (e instanceof HttpTimeoutException) {
            return silent(path);
        }
        if (e instanceof ConnectException) {
            return unreachable(e.getCause() instanceof UnresolvedAddressException ? "unknown host"
                    : "connection refused (is llmlab serve running there?)");
        }
        // java.net.http's messages name the address and what broke, never a request header
        return unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private CliFailure silent(String path) {
        return new CliFailure("the server at " + server + " did not answer " + path + " within "
                + REQUEST_TIMEOUT.toSeconds() + " s");
    }

    private CliFailure unreachable(String why) {
        return new CliFailure("cannot reach the LLMlab server at " + server + ": " + why);
    }
}

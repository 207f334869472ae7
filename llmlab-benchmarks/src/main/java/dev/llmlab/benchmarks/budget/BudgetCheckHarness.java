package dev.llmlab.benchmarks.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.ServerConfig;
import dev.llmlab.server.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * Latency of {@code GET /api/budgets/check} on loopback, with the embedded PostgreSQL (durable
 * settings, as {@code llmlab serve} runs it) and one server instance on this machine. One client
 * thread asks the check {@code --calls} times in a row over one kept-alive HTTP/1.1 connection, after
 * {@code --warmup} calls, for an account with {@code --budgets} hard budgets of varied scopes whose
 * spend rows exist; it reports the server time (the {@code Server-Timing: app;dur=} header: from
 * the request reaching the route, before the API key is checked, to the response) and the client's
 * round trip, median, p90 and p99.
 *
 * <pre>{@code
 * java -cp llmlab-benchmarks/target/benchmarks.jar dev.llmlab.benchmarks.budget.BudgetCheckHarness \
 *     --calls 20000 --warmup 20000 --budgets 5
 * }</pre>
 */
public final class BudgetCheckHarness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "/api/budgets/check?estimated_cost_usd=0.042&provider=openai"
            + "&model=harness-gpt-large&tag.project=search&tag.env=prod";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;

    private BudgetCheckHarness(URI base) {
        this.base = base;
    }

    /**
     * @param args {@code [--calls N] [--warmup N] [--budgets N] [--credential key|token] [--fsync on|off]};
     *     {@code --credential token} asks with a login token instead of the API key, to see what the
     *     key's verification costs
     */
    public static void main(String[] args) throws Exception {
        int calls = 20_000;
        int warmup = 20_000;
        int budgets = 5;
        boolean durable = true;
        boolean token = false;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--budgets" -> budgets = Integer.parseInt(v);
                case "--fsync" -> durable = !"off".equals(v);
                case "--credential" -> token = "token".equals(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use [--calls N] [--warmup N] [--budgets N] [--credential key|token] [--fsync on|off]");
            }
            i++;
        }
        PriceCatalog catalog;
        try (InputStream in = BudgetCheckHarness.class.getResourceAsStream(
                "/dev/llmlab/benchmarks/ingest/harness-prices.json")) {
            Path tmp = Files.createTempFile("harness-prices", ".json");
            Files.write(tmp, in.readAllBytes());
            catalog = PriceCatalog.fromFile(tmp);
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s; database: embedded PostgreSQL (fsync %s)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), durable ? "on" : "off");
        System.out.printf(Locale.ROOT, "settings: %d calls after %d warm-up calls, one client thread, %d hard budgets,"
                + " asked with %s%n", calls, warmup, budgets, token ? "a login token" : "an API key");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(
                        Files.createTempDirectory("llmlab-harness-").resolve("pgdata"), 0, durable);
                LlmLabServer server = LlmLabServer.start(ServerConfig.builder(db.connection(), catalog, secret)
                        .host("127.0.0.1").port(0).build())) {
            new BudgetCheckHarness(server.uri()).run(calls, warmup, budgets, token);
        }
    }

    private void run(int calls, int warmup, int budgets, boolean askWithToken) throws Exception {
        JsonNode account = send("POST", "/auth/signup", "{\"email\":\"harness-" + UUID.randomUUID()
                + "@example.com\",\"password\":\"harness password\"}", null, 201).body;
        String apiKey = account.get("api_key").asText();
        String token = account.get("token").asText();
        String[] scopes = {"{}", "{\"provider\":\"openai\"}", "{\"tags\":{\"project\":\"search\"}}",
            "{\"model\":\"harness-gpt-large\",\"tags\":{\"env\":\"prod\"}}", "{\"tags\":{\"project\":\"ads\"}}"};
        String[] periods = {"month", "week", "day"};
        for (int i = 0; i < budgets; i++) {
            send("POST", "/api/budgets", "{\"name\":\"hard " + i + "\",\"limit_usd\":\"" + (1000 + i)
                    + "\",\"mode\":\"hard\",\"period\":\"" + periods[i % periods.length] + "\",\"scope\":"
                    + scopes[i % scopes.length] + "}", token, 201);
        }
        // Spend in every budget's current period, so each check reads real spend rows.
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        for (String tags : new String[] {"{\"project\":\"search\",\"env\":\"prod\"}", "{\"project\":\"ads\"}"}) {
            send("POST", "/api/events/track", "{\"id\":\"" + UUID.randomUUID() + "\",\"provider\":\"openai\","
                    + "\"model\":\"harness-gpt-large\",\"input_tokens\":1000,\"output_tokens\":100,\"timestamp\":\""
                    + at + "\",\"tags\":" + tags + "}", apiKey, 200);
        }
        String credential = askWithToken ? token : apiKey;
        Result first = send("GET", QUERY, null, credential, 200);
        System.out.println("answer: " + first.body);
        System.out.println("warming up...");
        measure(warmup, credential);
        double[][] r = measure(calls, credential);
        System.out.println();
        System.out.printf(Locale.ROOT, "RESULT budget check server time (Server-Timing app): median %.3f ms, p90 %.3f ms,"
                + " p99 %.3f ms%n", pct(r[0], 50), pct(r[0], 90), pct(r[0], 99));
        System.out.printf(Locale.ROOT, "RESULT budget check client round trip (loopback, keep-alive): median %.3f ms,"
                + " p90 %.3f ms, p99 %.3f ms%n", pct(r[1], 50), pct(r[1], 90), pct(r[1], 99));
    }

    /** @return {server times, round trips} in milliseconds */
    private double[][] measure(int calls, String credential) throws IOException, InterruptedException {
        double[] server = new double[calls];
        double[] client = new double[calls];
        HttpRequest request = HttpRequest.newBuilder(base.resolve(QUERY)).header("Authorization", "Bearer " + credential)
                .GET().build();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            client[i] = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the check answered " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            String timing = r.headers().firstValue("Server-Timing").orElseThrow(
                    () -> new IllegalStateException("the check answered without Server-Timing"));
            server[i] = Double.parseDouble(timing.substring(timing.indexOf("dur=") + 4));
        }
        return new double[][] {server, client};
    }

    private static double pct(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private record Result(int status, JsonNode body) {
    }

    private Result send(String method, String path, String body, String bearer, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return new Result(r.statusCode(), JSON.readTree(r.body()));
    }
}

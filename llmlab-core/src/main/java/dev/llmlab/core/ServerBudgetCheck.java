package dev.llmlab.core;

import dev.llmlab.core.budget.BudgetCheckFailure;
import dev.llmlab.core.budget.BudgetCheckUnavailableException;
import dev.llmlab.core.budget.BudgetExceededException;
import dev.llmlab.core.internal.json.Json;
import dev.llmlab.core.internal.json.JsonException;
import dev.llmlab.spi.LlmLabException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Asks the LLMlab server's {@code GET /api/budgets/check} whether a call may go ahead under the
 * account's hard budgets, so that a team's limit holds across every process that reports to the
 * server. Internal to the tracker; thread-safe.
 *
 * <h2>The cache, and what it means for exactness</h2>
 * Answers are kept per (provider, model, tags) for the TTL. An answer keeps each matching budget's
 * limit and spend; within the TTL every call let through adds its declared estimate to what was
 * taken locally, and a call is admitted only while, for every budget, {@code spent + taken <
 * limit} and {@code spent + taken + estimate ≤ limit} (the server's rule, with the local calls
 * counted). So within one TTL one process never lets through more than the remaining amount it was
 * told, in declared estimates. What the cache cannot see: calls of other processes (and of this
 * process under other tags) in the same TTL, calls that declare no estimate, and calls whose events
 * have not reached the server yet. A limit can therefore be overshot by at most what those calls
 * cost: the calls in flight within one TTL.
 *
 * <h2>Failures</h2>
 * No connection, a timeout, a status other than 200, or an answer that is not a budget check's:
 * the call goes ahead ({@link BudgetCheckFailure#FAIL_OPEN}) or is refused with
 * {@link BudgetCheckUnavailableException} ({@link BudgetCheckFailure#FAIL_CLOSED}); the failure is
 * remembered for the TTL, so a server that is down costs one attempt per key and TTL, not one per
 * call. A WARNING is logged when the server starts failing and an INFO line when it answers again.
 * The API key is sent in the {@code Authorization} header only: never logged, never in a message.
 */
final class ServerBudgetCheck {
    private static final System.Logger LOG = System.getLogger(ServerBudgetCheck.class.getName());
    /** Most keys cached; beyond it the cache starts again empty (tags with unbounded values). */
    static final int MAX_ENTRIES = 10_000;
    private static final int MAX_SERVER_DECIMALS = 12;
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,20})?");

    private final URI endpoint;
    private final String authorization;
    private final long ttlNanos;
    private final Duration timeout;
    private final BudgetCheckFailure failure;
    private final HttpClient client;
    private final ConcurrentHashMap<Key, Entry> cache = new ConcurrentHashMap<>();
    private volatile boolean failing;

    ServerBudgetCheck(URI server, String apiKey, Duration ttl, Duration timeout, BudgetCheckFailure failure) {
        Objects.requireNonNull(server, "server");
        String path = server.getPath() == null ? "" : server.getPath();
        this.endpoint = server.resolve(path.endsWith("/") ? "api/budgets/check" : path + "/api/budgets/check");
        this.authorization = "Bearer " + Objects.requireNonNull(apiKey, "apiKey");
        this.ttlNanos = ttl.toNanos();
        this.timeout = timeout;
        this.failure = failure;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** What one call is, for the cache: provider and model as named (lower-case), tags sorted. */
    private record Key(String provider, String model, Map<String, String> tags) {
    }

    /** One budget of an answer. */
    record Standing(String name, BigDecimal limitUsd, BigDecimal spentUsd) {
    }

    /** One cached answer (or failure) and what was let through since. */
    private static final class Entry {
        long fetchedAt;
        boolean fetched;
        String failure; // null when the server answered
        List<Standing> budgets = List.of();
        BigDecimal taken = BigDecimal.ZERO;
    }

    /**
     * Admits a call or refuses it, asking the server when the cached answer for its key is older
     * than the TTL.
     *
     * @param provider the call's provider, or null when it is not known before the call
     * @param model the call's model, or null
     * @param tags the call's tags (defaults merged); not null
     * @param estimateUsd the call's declared estimated maximum cost, or null when none
     * @throws BudgetExceededException when a server budget has no room for the call
     * @throws BudgetCheckUnavailableException when the server could not answer and the tracker fails closed
     */
    void admit(String provider, String model, Map<String, String> tags, BigDecimal estimateUsd) {
        BigDecimal estimate = estimateUsd == null ? BigDecimal.ZERO : estimateUsd;
        Key key = new Key(provider == null ? null : provider.toLowerCase(Locale.ROOT),
                model == null ? null : model.toLowerCase(Locale.ROOT), Map.copyOf(new TreeMap<>(tags)));
        Entry entry = cache.get(key);
        if (entry == null) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            entry = cache.computeIfAbsent(key, k -> new Entry());
        }
        // One caller per key asks the server; the others of that key wait for its answer.
        synchronized (entry) {
            long now = System.nanoTime();
            if (!entry.fetched || now - entry.fetchedAt >= ttlNanos) {
                fetch(entry, key, estimate);
            }
            if (entry.failure != null) {
                if (failure == BudgetCheckFailure.FAIL_CLOSED) {
                    throw new BudgetCheckUnavailableException(entry.failure);
                }
                return;
            }
            for (Standing b : entry.budgets) {
                BigDecimal committed = b.spentUsd().add(entry.taken);
                if (committed.compareTo(b.limitUsd()) >= 0 || committed.add(estimate).compareTo(b.limitUsd()) > 0) {
                    throw new BudgetExceededException(b.name(), b.spentUsd(), entry.taken, estimate, b.limitUsd());
                }
            }
            if (!entry.budgets.isEmpty()) {
                entry.taken = entry.taken.add(estimate);
            }
        }
    }

    private void fetch(Entry entry, Key key, BigDecimal estimate) {
        entry.fetched = true;
        entry.taken = BigDecimal.ZERO;
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(endpoint + query(key, estimate)))
                            .header("Authorization", authorization)
                            .header("Accept", "application/json")
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                failed(entry, "the server answered HTTP " + r.statusCode() + (r.statusCode() == 401 || r.statusCode() == 403
                        ? " (check the API key: the check takes one with the 'ingest' or 'read' scope)" : ""));
                return;
            }
            entry.budgets = parse(r.body());
            entry.failure = null;
            entry.fetchedAt = System.nanoTime();
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "LLMlab server budget check at " + endpoint + " answers again");
            }
        } catch (AnswerException e) {
            failed(entry, e.getMessage());
        } catch (HttpConnectTimeoutException e) {
            failed(entry, "no connection to " + endpoint.getHost() + ":" + endpoint.getPort() + " within " + timeout);
        } catch (HttpTimeoutException e) {
            failed(entry, "no answer within " + timeout);
        } catch (java.net.ConnectException e) {
            failed(entry, "cannot reach " + endpoint.getHost() + ":" + endpoint.getPort() + ": connection refused");
        } catch (IOException e) {
            failed(entry, "cannot reach " + endpoint.getHost() + ":" + endpoint.getPort() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(entry, "interrupted while asking the server");
        } catch (RuntimeException e) {
            failed(entry, "the request failed: " + e);
        }
    }

    private void failed(Entry entry, String why) {
        entry.failure = why;
        entry.budgets = List.of();
        entry.fetchedAt = System.nanoTime();
        if (!failing) {
            failing = true;
            LOG.log(System.Logger.Level.WARNING, "LLMlab server budget check at " + endpoint + " failed (calls "
                    + (failure == BudgetCheckFailure.FAIL_OPEN ? "go ahead" : "are refused") + " while it does): " + why);
        }
    }

    private static String query(Key key, BigDecimal estimate) {
        // The server takes at most 12 decimal places: round up, so the server is never asked about less.
        BigDecimal shown = estimate.scale() > MAX_SERVER_DECIMALS
                ? estimate.setScale(MAX_SERVER_DECIMALS, RoundingMode.CEILING) : estimate;
        StringBuilder q = new StringBuilder("?estimated_cost_usd=").append(shown.toPlainString());
        if (key.provider() != null) {
            q.append("&provider=").append(encode(key.provider()));
        }
        if (key.model() != null) {
            q.append("&model=").append(encode(key.model()));
        }
        new TreeMap<>(key.tags()).forEach((k, v) -> q.append("&tag.").append(encode(k)).append('=').append(encode(v)));
        return q.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An answer that is not a budget check's. */
    static final class AnswerException extends LlmLabException {
        private static final long serialVersionUID = 1L;

        AnswerException(String message) {
            super(message);
        }
    }

    /**
     * Reads the budgets of an answer: {@code {"allowed":…,"budgets":[{"name","limit_usd","spent_usd",…}…],…}},
     * money as exact decimal strings.
     *
     * @param body the answer's body; not null
     * @return the matching hard budgets
     * @throws AnswerException when the body is not such an answer, naming what is wrong
     */
    static List<Standing> parse(String body) {
        Object root;
        try {
            root = Json.parse(body);
        } catch (JsonException e) {
            throw new AnswerException("the server's answer is not JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> answer)) {
            throw new AnswerException("the server's answer is not a JSON object");
        }
        if (!(answer.get("allowed") instanceof Boolean)) {
            throw new AnswerException("the server's answer has no boolean 'allowed'");
        }
        if (!(answer.get("budgets") instanceof List<?> list)) {
            throw new AnswerException("the server's answer has no 'budgets' list");
        }
        List<Standing> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> b)) {
                throw new AnswerException("budgets[" + i + "] of the server's answer is not an object");
            }
            if (!(b.get("name") instanceof String name)) {
                throw new AnswerException("budgets[" + i + "].name of the server's answer is not text");
            }
            BigDecimal limit = amount(b, "limit_usd", i);
            if (limit.signum() <= 0) {
                throw new AnswerException("budgets[" + i + "].limit_usd of the server's answer must be above 0, was "
                        + limit.toPlainString());
            }
            out.add(new Standing(name, limit, amount(b, "spent_usd", i)));
        }
        return List.copyOf(out);
    }

    private static BigDecimal amount(Map<?, ?> b, String field, int i) {
        // Plain digits only: an exponent like 1E+999999999 would make every sum that meets it enormous.
        if (!(b.get(field) instanceof String text) || !PLAIN_DECIMAL.matcher(text).matches()) {
            throw new AnswerException("budgets[" + i + "]." + field + " of the server's answer is not a plain decimal"
                    + " string");
        }
        return new BigDecimal(text);
    }
}

package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.TestServers;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code llmlab init}, {@code signup}, {@code status}, {@code budgets} and {@code alerts} run as a
 * user runs them — a separate JVM with its own {@code LLMLAB_HOME} — against a real server on a
 * loopback port: what they print, the config file they write (and do not write), exit statuses.
 */
class ServerCommandsProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The launcher's options for short-lived commands. */
    private static final String[] QUICK_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"};
    private static final Api API = TestServers.api();
    private static final String SERVER = TestServers.first().uri().toString().replaceAll("/$", "");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** An account with spend this month, a $5 budget 73 % used, and the 50 % alert it raised. */
    private static Api.Account spender;
    /** When the spender's first event happened: this month's first hour, or now on the month's first hour. */
    private static Instant early;

    @TempDir
    Path tmp;

    @BeforeAll
    static void spend() {
        spender = API.signup();
        Api.Response budget = API.post("/api/budgets", "{\"name\":\"team\",\"limit_usd\":\"5.00\",\"channels\":"
                + "[{\"type\":\"webhook\",\"url\":\"https://127.0.0.1:9/hook\",\"secret\":\"0123456789abcdef\"}]}",
                spender.token());
        assertThat(budget.status()).as(budget.text()).isEqualTo(201);
        Instant now = Instant.now();
        Instant monthStart = ZonedDateTime.now(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        early = monthStart.plus(Duration.ofHours(1)).isBefore(now.minusSeconds(5)) ? monthStart.plus(Duration.ofHours(1))
                : now.minusSeconds(5);
        Api.Response r = API.post("/api/events/track", Events.batch(List.of(
                // $2.50 input + $1.00 output
                Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1_000_000, 0, 100_000, now.minusSeconds(2).toString(), null),
                // $0.15, early this month
                Events.event(UUID.randomUUID(), "openai", "gpt-4o-mini", 1_000_000, 0, 0, early.toString(), null),
                Events.event(UUID.randomUUID(), "openai", "no-such-model", 10, 0, 10, now.minusSeconds(2).toString(), null))),
                spender.apiKey());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private Path home() {
        return tmp.resolve("home");
    }

    private Map<String, String> env() {
        return Map.of("LLMLAB_HOME", home().toString());
    }

    private CliProcess cli(String... args) throws Exception {
        return CliProcess.run("", env(), QUICK_START, args);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void init(String key) throws Exception {
        CliProcess p = cli("init", key, "--server", SERVER);
        assertThat(p.exitCode).as(p.err).isZero();
    }

    // ---- init

    @Test
    void init_goodKey_savesServerAndKeyOwnerOnly_andSaysWhoItIs() throws Exception {
        Api.Account a = API.signup();
        CliProcess p = cli("init", a.apiKey(), "--server", SERVER);
        assertThat(p.exitCode).as(p.err).isZero();
        Path config = home().resolve("config");
        assertThat(p.out).isEqualTo("Connected to " + SERVER + " as " + a.email() + " (API key "
                + a.apiKey().substring(0, 12) + "…).\nSaved to " + config + ".\n");
        assertThat(p.out).doesNotContain(a.apiKey());
        assertThat(Files.readString(config)).isEqualTo("# LLMlab CLI configuration, written by llmlab init / llmlab signup\n"
                + "server=" + SERVER + "\napi_key=" + a.apiKey() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home()))).isEqualTo("rwx------");
        try (var files = Files.list(home())) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("config"); // no temporary left
        }
    }

    @Test
    void init_againWithAnotherKey_replacesTheConfig() throws Exception {
        init(API.signup().apiKey());
        Api.Account b = API.signup();
        init(b.apiKey());
        assertThat(Files.readString(home().resolve("config"))).contains("api_key=" + b.apiKey() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home().resolve("config")))).isEqualTo("rw-------");
    }

    @Test
    void init_wrongKey_saysTheServerRefusedIt_exit1_writesNothing() throws Exception {
        String wrong = "llm_wrongWRONGwrong0123456789abcdefghijkl";
        CliProcess p = cli("init", wrong, "--server", SERVER);
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.out).isEmpty();
        assertThat(p.err).isEqualTo("llmlab: the server at " + SERVER + " refused the API key llm_wrongWRO…: "
                + "unauthorized: invalid API key (a new key: llmlab init API_KEY)\n");
        assertThat(home()).doesNotExist();
    }

    @Test
    void init_revokedKey_saysWhen_exit1_keepsTheOldConfig() throws Exception {
        Api.Account first = API.signup();
        init(first.apiKey());
        String before = Files.readString(home().resolve("config"));
        Api.Account a = API.signup();
        String id = API.get("/api/keys", a.token()).body().get("keys").get(0).get("id").asText();
        assertThat(API.delete("/api/keys/" + id, a.token()).status()).isEqualTo(200);
        CliProcess p = cli("init", a.apiKey(), "--server", SERVER);
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).startsWith("llmlab: the server at " + SERVER + " refused the API key "
                + a.apiKey().substring(0, 12) + "…: unauthorized: this API key was revoked at ");
        assertThat(p.err).doesNotContain(a.apiKey());
        assertThat(Files.readString(home().resolve("config"))).isEqualTo(before);
    }

    @Test
    void init_serverDown_saysItCannotReachIt_exit1_writesNothing() throws Exception {
        int port = closedPort();
        String key = API.signup().apiKey();
        CliProcess p = cli("init", key, "--server", "http://127.0.0.1:" + port);
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).isEqualTo("llmlab: cannot reach the LLMlab server at http://127.0.0.1:" + port
                + ": connection refused (is llmlab serve running there?)\n");
        assertThat(home()).doesNotExist();
    }

    @Test
    void init_notAKey_isRefusedBeforeAnyCall_withoutEchoingIt() throws Exception {
        CliProcess p = cli("init", "sk-secret-value-of-another-service", "--server", SERVER);
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).startsWith("llmlab: API_KEY is not an LLMlab API key").doesNotContain("secret-value");
        assertThat(home()).doesNotExist();
    }

    @Test
    void init_serverNotAnUrl_exit1_namesTheOption() throws Exception {
        CliProcess p = cli("init", API.signup().apiKey(), "--server", "localhost:8080");
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).isEqualTo("llmlab: --server must be an http:// or https:// URL like http://localhost:8080,"
                + " was 'localhost:8080'\n");
        assertThat(home()).doesNotExist();
    }

    // ---- signup

    @Test
    void signup_passwordFromStdin_createsTheAccount_andSavesItsKey() throws Exception {
        String email = "cli-" + UUID.randomUUID() + "@example.com";
        CliProcess p = CliProcess.run("a long passphrase\n", env(), QUICK_START, "signup", "--email", email, "--server", SERVER);
        assertThat(p.exitCode).as(p.err).isZero();
        String config = Files.readString(home().resolve("config"));
        String key = config.replaceAll("(?s).*api_key=(\\S+)\n.*", "$1");
        assertThat(p.out).isEqualTo("Signed up as " + email + " on " + SERVER + " (API key " + key.substring(0, 12)
                + "…).\nSaved to " + home().resolve("config") + ".\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home().resolve("config")))).isEqualTo("rw-------");
        Api.Response me = API.get("/api/me", key);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("email").asText()).isEqualTo(email);
        assertThat(API.login(email, "a long passphrase").status()).isEqualTo(200);
    }

    @Test
    void signup_takenEmail_exit1_writesNothing() throws Exception {
        Api.Account a = API.signup();
        CliProcess p = CliProcess.run("another passphrase\n", env(), QUICK_START, "signup", "--email", a.email(), "--server", SERVER);
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).startsWith("llmlab: the server at " + SERVER + " refused the signup (409): ");
        assertThat(home()).doesNotExist();
    }

    @Test
    void signup_noPassword_exit1_createsNothing() throws Exception {
        String email = "cli-" + UUID.randomUUID() + "@example.com";
        CliProcess p = CliProcess.run("", env(), QUICK_START, "signup", "--email", email, "--server", SERVER);
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).startsWith("llmlab: no password");
        assertThat(API.login(email, "").status()).isNotEqualTo(200);
        assertThat(home()).doesNotExist();
    }

    @Test
    void signup_serverDown_exit1_writesNothing() throws Exception {
        int port = closedPort();
        CliProcess p = CliProcess.run("a long passphrase\n", env(), QUICK_START, "signup", "--email", "x@example.com",
                "--server", "http://127.0.0.1:" + port);
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).startsWith("llmlab: cannot reach the LLMlab server at http://127.0.0.1:" + port);
        assertThat(home()).doesNotExist();
    }

    // ---- status

    /** The forecast of the month at {@code now}, as status computes it. */
    private static BigDecimal forecast(BigDecimal spent, Instant now) {
        ZonedDateTime from = ZonedDateTime.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        long length = Duration.between(from, from.plusMonths(1)).toMillis();
        long elapsed = Duration.between(from.toInstant(), now).toMillis();
        return elapsed < 60_000 ? spent.setScale(6) : spent.multiply(BigDecimal.valueOf(length))
                .divide(BigDecimal.valueOf(elapsed), 6, RoundingMode.HALF_UP);
    }

    private static String today() {
        return early.isBefore(LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant()) ? "3.500000" : "3.650000";
    }

    /** The spender's alerts as the API lists them. */
    private static JsonNode alerts() {
        Api.Response r = API.get("/api/alerts", spender.token());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("alerts")).isNotEmpty();
        return r.body().get("alerts");
    }

    /** The spender's alerts in status's order: newest first, then the highest threshold. */
    private static List<JsonNode> statusOrder() {
        List<JsonNode> list = new ArrayList<>();
        alerts().forEach(list::add);
        list.sort(java.util.Comparator.comparing((JsonNode a) -> Instant.parse(a.get("created_at").asText())).reversed()
                .thenComparing(a -> a.get("threshold_percent").isInt() ? a.get("threshold_percent").asInt() : -1,
                        java.util.Comparator.reverseOrder()));
        return list;
    }

    @Test
    void status_alertsOfOneIngest_highestThresholdFirst() throws Exception {
        Api.Account a = API.signup();
        assertThat(API.post("/api/budgets", "{\"name\":\"tiny\",\"limit_usd\":\"1.00\"}", a.token()).status()).isEqualTo(201);
        Api.Response r = API.post("/api/events/track", Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1_000_000, 0, 0,
                Instant.now().minusSeconds(1).toString(), null), a.apiKey()); // $2.50: 50, 80 and 100 % at once
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        CliProcess p = cli("status", "--json", "--server", SERVER, "--api-key", a.apiKey());
        assertThat(p.exitCode).as(p.err).isZero();
        List<String> thresholds = new ArrayList<>();
        JSON.readTree(p.out).get("alerts").forEach(x -> thresholds.add(x.get("threshold_percent").asText()));
        assertThat(thresholds).startsWith("100", "80", "50");
    }

    @Test
    void status_table_showsTheMonth_budgetBar_topModels_andAlerts() throws Exception {
        init(spender.apiKey());
        Instant before = Instant.now();
        CliProcess p = cli("status");
        Instant after = Instant.now();
        assertThat(p.exitCode).as(p.err).isZero();
        List<String> lines = p.lines();
        ZonedDateTime month = ZonedDateTime.now(ZoneOffset.UTC);
        List<String> expected = new ArrayList<>(List.of(
                "LLMlab " + SERVER + "  " + month.format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH)) + " (UTC)",
                "Month to date  $3.65",
                "Today          $" + today().substring(0, 4)));
        expected.add(lines.get(3)); // the forecast, checked below
        expected.addAll(List.of(
                "Budget         [#######---] 73.00%  $3.65 of $5.00 monthly, team",
                "Top models     openai  gpt-4o         $3.50",
                "               openai  gpt-4o-mini    $0.15",
                "               openai  no-such-model  unpriced"));
        boolean firstAlert = true;
        for (JsonNode a : statusOrder()) {
            String what = a.get("type").asText().equals("budget.threshold_crossed")
                    ? "team: " + a.get("threshold_percent").asText() + "% of the limit reached" : "team: forecast over the limit";
            expected.add((firstAlert ? "Alerts         " : "               ")
                    + MINUTE.format(Instant.parse(a.get("created_at").asText())) + "  " + what);
            firstAlert = false;
        }
        assertThat(lines).containsExactlyElementsOf(expected);
        assertThat(p.out).contains("team: 50% of the limit reached");
        // the forecast: the month's $3.65 at its burn rate, between what it was when the command started and ended
        assertThat(lines.get(3)).startsWith("Forecast       $");
        BigDecimal shown = new BigDecimal(lines.get(3).substring("Forecast       $".length()).replace(",", ""));
        assertThat(shown).isBetween(forecast(new BigDecimal("3.65"), after).setScale(2, RoundingMode.HALF_UP),
                forecast(new BigDecimal("3.65"), before).setScale(2, RoundingMode.HALF_UP));
        assertThat(p.out).doesNotContain("\u001b").doesNotContain(spender.apiKey());
    }

    @Test
    void status_json_isTheDocumentedObject() throws Exception {
        Instant before = Instant.now();
        CliProcess p = cli("status", "--json", "--server", SERVER, "--api-key", spender.apiKey());
        Instant after = Instant.now();
        assertThat(p.exitCode).as(p.err).isZero();
        assertThat(p.lines()).hasSize(1);
        JsonNode s = JSON.readTree(p.out);
        ZonedDateTime from = ZonedDateTime.now(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        BigDecimal forecast = new BigDecimal(s.get("forecast_usd").asText());
        assertThat(forecast).isBetween(forecast(new BigDecimal("3.65"), after), forecast(new BigDecimal("3.65"), before));
        ObjectNode expected = JSON.createObjectNode();
        expected.put("server", SERVER);
        expected.put("period_from", from.toOffsetDateTime().toString().replace("Z", ":00Z"));
        expected.put("period_to", from.plusMonths(1).toOffsetDateTime().toString().replace("Z", ":00Z"));
        expected.put("time_zone", "UTC");
        expected.put("month_to_date_usd", "3.650000");
        expected.put("today_usd", today());
        expected.put("forecast_usd", s.get("forecast_usd").asText());
        JsonNode budget = API.get("/api/budgets", spender.token()).body().get("budgets").get(0);
        expected.putObject("budget").put("name", "team").put("limit_usd", "5.000000").put("percent_used", "73.00")
                .put("id", budget.get("id").asText()).put("period", "month").put("spent_usd", "3.650000");
        var top = expected.putArray("top_models");
        top.addObject().put("provider", "openai").put("model", "gpt-4o").put("cost_usd", "3.500000").put("events", 1);
        top.addObject().put("provider", "openai").put("model", "gpt-4o-mini").put("cost_usd", "0.150000").put("events", 1);
        top.addObject().put("provider", "openai").put("model", "no-such-model").putNull("cost_usd").put("events", 1);
        var alerts = expected.putArray("alerts");
        for (JsonNode a : statusOrder()) {
            alerts.addObject().put("type", a.get("type").asText()).set("threshold_percent", a.get("threshold_percent"));
            ((ObjectNode) alerts.get(alerts.size() - 1)).put("created_at", a.get("created_at").asText())
                    .put("budget_name", "team");
        }
        assertThat(s).isEqualTo(expected);
        assertThat(p.out).contains("{\"type\":\"budget.threshold_crossed\",\"threshold_percent\":50,");
    }

    @Test
    void status_newAccount_saysNoneForBudgetModelsAndAlerts() throws Exception {
        Api.Account a = API.signup();
        init(a.apiKey());
        CliProcess p = cli("status");
        assertThat(p.exitCode).as(p.err).isZero();
        assertThat(p.lines().subList(1, p.lines().size())).containsExactly(
                "Month to date  $0.00", "Today          $0.00", "Forecast       $0.00", "Budget         none",
                "Top models     none", "Alerts         none");
        CliProcess json = cli("status", "--json");
        JsonNode s = JSON.readTree(json.out);
        assertThat(s.get("budget").isNull()).isTrue();
        assertThat(s.get("top_models")).isEmpty();
        assertThat(s.get("alerts")).isEmpty();
        assertThat(s.get("month_to_date_usd").asText()).isEqualTo("0.000000");
    }

    @Test
    void status_optionsOverrideTheConfig() throws Exception {
        init(API.signup().apiKey());
        CliProcess p = cli("status", "--json", "--api-key", spender.apiKey());
        assertThat(p.exitCode).as(p.err).isZero();
        assertThat(JSON.readTree(p.out).get("month_to_date_usd").asText()).isEqualTo("3.650000");
        int port = closedPort();
        CliProcess down = cli("status", "--server", "http://127.0.0.1:" + port);
        assertThat(down.exitCode).isEqualTo(1);
        assertThat(down.err).contains("http://127.0.0.1:" + port);
    }

    @Test
    void status_withoutConfigOrKey_saysToRunInit() throws Exception {
        CliProcess p = cli("status");
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).isEqualTo("llmlab: no API key: run llmlab init API_KEY (it saves the key in "
                + home().resolve("config") + "), or pass --api-key\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "budgets", "alerts"})
    void serverCommands_revokedKey_exit1_namingThePrefixOnly(String command) throws Exception {
        Api.Account a = API.signup();
        init(a.apiKey());
        String id = API.get("/api/keys", a.token()).body().get("keys").get(0).get("id").asText();
        assertThat(API.delete("/api/keys/" + id, a.token()).status()).isEqualTo(200);
        CliProcess p = cli(command);
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.out).isEmpty();
        assertThat(p.err).startsWith("llmlab: the server at " + SERVER + " refused the API key "
                + a.apiKey().substring(0, 12) + "…: unauthorized: this API key was revoked at ");
        assertThat(p.err).doesNotContain(a.apiKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "budgets", "alerts"})
    void serverCommands_wrongKey_exit1(String command) throws Exception {
        CliProcess p = cli(command, "--server", SERVER, "--api-key", "llm_wrongWRONGwrong0123456789abcdefghijkl");
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).isEqualTo("llmlab: the server at " + SERVER + " refused the API key llm_wrongWRO…: "
                + "unauthorized: invalid API key (a new key: llmlab init API_KEY)\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "budgets", "alerts"})
    void serverCommands_serverDown_exit1(String command) throws Exception {
        int port = closedPort();
        CliProcess p = cli(command, "--server", "http://127.0.0.1:" + port, "--api-key", spender.apiKey());
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).isEqualTo("llmlab: cannot reach the LLMlab server at http://127.0.0.1:" + port
                + ": connection refused (is llmlab serve running there?)\n");
    }

    @Test
    void serverCommands_serverError_exit1_withTheServersMessage() throws Exception {
        CliProcess p = cli("alerts", "--limit", "500", "--server", SERVER, "--api-key", spender.apiKey());
        assertThat(p.exitCode).isEqualTo(1);
        assertThat(p.err).isEqualTo("llmlab: the server at " + SERVER + " answered 400: invalid_field: limit must be a whole"
                + " number from 1 to 100, was \"500\"\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"init", "signup", "status", "budgets", "alerts"})
    void everyServerCommand_hasHelp(String command) throws Exception {
        CliProcess p = cli(command, "--help");
        assertThat(p.exitCode).isZero();
        assertThat(p.out).startsWith("Usage: llmlab " + command);
        assertThat(home()).doesNotExist();
    }

    // ---- budgets, alerts

    @Test
    void budgets_table_andJson() throws Exception {
        init(spender.apiKey());
        CliProcess p = cli("budgets");
        assertThat(p.exitCode).as(p.err).isZero();
        assertThat(p.lines()).hasSize(2);
        assertThat(p.lines().get(0)).isEqualTo("NAME  PERIOD   LIMIT  SPENT  USED" + " ".repeat(18) + "FORECAST  MODE");
        assertThat(p.lines().get(1)).matches("team  monthly  \\$5\\.00  \\$3\\.65  73\\.00%  \\[#######---\\]  \\$\\d+\\.\\d\\d( over)?\\s+alert");
        CliProcess json = cli("budgets", "--json");
        assertThat(json.exitCode).isZero();
        JsonNode printed = JSON.readTree(json.out);
        JsonNode api = API.get("/api/budgets", spender.token()).body();
        // the forecast moves with the clock between the two calls; everything else is the server's answer as is
        ((ObjectNode) printed.get("budgets").get(0).get("state")).remove("forecast_usd");
        ((ObjectNode) api.get("budgets").get(0).get("state")).remove("forecast_usd");
        assertThat(printed).isEqualTo(api);
    }

    @Test
    void budgets_none_saysSo() throws Exception {
        init(API.signup().apiKey());
        CliProcess p = cli("budgets");
        assertThat(p.exitCode).isZero();
        assertThat(p.out).isEqualTo("No budgets yet: create one in the dashboard or with POST /api/budgets.\n");
    }

    @Test
    void alerts_table_andJson() throws Exception {
        init(spender.apiKey());
        CliProcess p = cli("alerts");
        assertThat(p.exitCode).as(p.err).isZero();
        List<String> expected = new ArrayList<>();
        expected.add("CREATED               BUDGET  ALERT" + " ".repeat(alertWidth() - 5) + "  SPENT  LIMIT  DELIVERIES");
        for (JsonNode a : alerts()) {
            String what = AlertsCommand.what(a);
            expected.add(MINUTE.format(Instant.parse(a.get("created_at").asText())) + "  team    " + what
                    + " ".repeat(alertWidth() - what.length()) + "  $3.65  $5.00  webhook pending");
        }
        assertThat(p.lines()).containsExactlyElementsOf(expected);
        assertThat(p.out).contains("50% reached");
        CliProcess json = cli("alerts", "--json");
        assertThat(JSON.readTree(json.out)).isEqualTo(API.get("/api/alerts?limit=50", spender.token()).body());
    }

    private static int alertWidth() {
        int w = "ALERT".length();
        for (JsonNode a : alerts()) {
            w = Math.max(w, AlertsCommand.what(a).length());
        }
        return w;
    }

    // ---- peers that are not an LLMlab server

    /**
     * Runs a loopback peer that answers every connection with {@code reply} (raw HTTP), or never
     * answers when it is null, and runs {@code body} against its URL.
     */
    private static void withPeer(String reply, PeerBody body) throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> open = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        java.net.Socket c = socket.accept();
                        open.add(c);
                        if (reply != null) {
                            c.getOutputStream().write(reply.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                            c.getOutputStream().flush();
                        }
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            try {
                body.run("http://127.0.0.1:" + socket.getLocalPort());
            } finally {
                for (java.net.Socket c : open) {
                    c.close();
                }
            }
        }
    }

    private interface PeerBody {
        void run(String url) throws Exception;
    }

    @Test
    void init_peerThatNeverAnswers_givesUpAfter30Seconds_exit1_writesNothing() throws Exception {
        withPeer(null, url -> {
            CliProcess p = cli("init", spender.apiKey(), "--server", url);
            assertThat(p.exitCode).isEqualTo(1);
            assertThat(p.err).isEqualTo("llmlab: the server at " + url + " did not answer /api/me within 30 s\n");
            assertThat(home()).doesNotExist();
        });
    }

    @Test
    void status_peerThatSendsHeadersThenStalls_givesUpAfter30Seconds() throws Exception {
        withPeer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"from\"", url -> {
            CliProcess p = cli("status", "--server", url, "--api-key", spender.apiKey());
            assertThat(p.exitCode).isEqualTo(1);
            assertThat(p.err).isEqualTo("llmlab: the server at " + url + " did not answer /api/costs/summary?period=month"
                    + " within 30 s\n");
        });
    }

    @Test
    void init_peerThatIsNotLlmlab_saysSo_exit1() throws Exception {
        withPeer("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 15\r\nConnection: close\r\n\r\n<html>hi</html>",
                url -> {
                    CliProcess p = cli("init", spender.apiKey(), "--server", url);
                    assertThat(p.exitCode).isEqualTo(1);
                    assertThat(p.err).isEqualTo("llmlab: the server at " + url + " did not answer /api/me as an LLMlab"
                            + " server does (no JSON object); is --server right?\n");
                    assertThat(home()).doesNotExist();
                });
    }

    @Test
    void status_answerOfAnotherShape_exit1_sayingSo() throws Exception {
        withPeer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
                + "{\"hello\":1}", url -> {
                    CliProcess p = cli("status", "--server", url, "--api-key", spender.apiKey());
                    assertThat(p.exitCode).isEqualTo(1);
                    assertThat(p.out).isEmpty();
                    assertThat(p.err).startsWith("llmlab: the server at " + url + " answered in a shape this llmlab does"
                            + " not read (").endsWith("is it an LLMlab server of the same version?\n");
                });
    }

    @Test
    void status_redirect_isNotFollowed_soTheKeyGoesNowhereElse() throws Exception {
        withPeer("HTTP/1.1 302 Found\r\nLocation: http://elsewhere.example/api/costs/summary\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n", url -> {
                    CliProcess p = cli("status", "--server", url, "--api-key", spender.apiKey());
                    assertThat(p.exitCode).isEqualTo(1);
                    assertThat(p.err).isEqualTo("llmlab: the server at " + url + " redirects /api/costs/summary?period=month"
                            + " to http://elsewhere.example/api/costs/summary; give that address with --server (redirects are"
                            + " not followed, so the key goes nowhere else)\n");
                });
    }

    // ---- colour

    @Test
    void onATerminal_statusHasColour_butNotWithNoColor_norInAPipe() throws Exception {
        init(spender.apiKey());
        CliProcess terminal = CliProcess.runOnTerminal(env(), "status");
        assertThat(terminal.exitCode).as(terminal.err + terminal.out).isZero();
        assertThat(terminal.out).contains("\u001b[32m#######---\u001b[0m").contains("Month to date  $3.65");
        Map<String, String> noColor = Map.of("LLMLAB_HOME", home().toString(), "NO_COLOR", "1");
        CliProcess plain = CliProcess.runOnTerminal(noColor, "status");
        assertThat(plain.exitCode).isZero();
        assertThat(plain.out).doesNotContain("\u001b").contains("[#######---] 73.00%");
        CliProcess pipe = cli("status");
        assertThat(pipe.out).doesNotContain("\u001b");
        assertThat(cli("budgets").out).doesNotContain("\u001b");
        assertThat(cli("alerts").out).doesNotContain("\u001b");
        assertThat(CliProcess.runOnTerminal(noColor, "alerts").out).doesNotContain("\u001b");
    }
}

package dev.llmlab.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.Events;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real Chromium against a real server: sign up, keys, live updates, the time zone
 * picker, budgets, alerts, logout, several tabs and accounts. "Live" means within 2 seconds of the
 * ingest answer, without reloading the page.
 */
class DashboardBrowserTest {
    private static final Duration LIVE = Duration.ofSeconds(2);
    private static final String PASSWORD = "correct horse battery";
    private static Browser browser;
    private static URI base;
    private final Api api = TestServers.api();

    @BeforeAll
    static void open() {
        base = TestServers.first().uri();
        browser = Browser.start();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshSession() {
        browser.desktop();
        browser.driver().get(base + "/");
        browser.driver().manage().deleteAllCookies();
        browser.driver().get("about:blank"); // the next page load starts logged out
        browser.consoleErrors(); // start each test with an empty console
    }

    @AfterEach
    void noConsoleErrors() {
        // a 401 is how the page learns that nobody is logged in (its first question, and requests still
        // under way when the session ends): Chromium logs it, the page shows the login form
        assertThat(browser.consoleErrors()).filteredOn(m -> !m.contains("status of 401"))
                .as("console errors (CSP violations, failed loads, exceptions)").isEmpty();
    }

    /** Signs up through the page and waits for the overview. */
    private String signUp() {
        String email = "dash-" + UUID.randomUUID() + "@example.com";
        browser.driver().get(base + "/#/signup");
        browser.testid("signup-email").sendKeys(email);
        browser.testid("signup-password").sendKeys(PASSWORD);
        browser.testid("signup-submit").click();
        waitText("spend-month", "$0.00");
        return email;
    }

    /** Logs in an account made through the API and waits for the overview. */
    private void logIn(Api.Account a) {
        browser.driver().get(base + "/#/login");
        browser.testid("login-email").sendKeys(a.email());
        browser.testid("login-password").sendKeys(a.password());
        browser.testid("login-submit").click();
        browser.testid("spend-month");
        waitLive();
    }

    /** Waits until the live stream is connected, so that a notice sent now is not missed. */
    private void waitLive() {
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "Live".equals(browser.testid("live-status").getText()));
    }

    private void waitText(String testid, String text) {
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> text.equals(browser.testid(testid).getText()));
    }

    /** @return the cost as the dashboard shows it: $1,234.56 */
    static String dollars(String exact) {
        return String.format(Locale.ROOT, "$%,.2f", new BigDecimal(exact).setScale(2, RoundingMode.HALF_UP));
    }

    private List<WebElement> eventRows() {
        return browser.driver().findElements(By.cssSelector("[data-testid='recent-events'] tbody tr"));
    }

    /** @return the text of a row of recent-events, read again if the live refresh replaced it meanwhile */
    private String rowText(int index) {
        return browser.waitUpTo(Duration.ofSeconds(5)).until(d -> {
            List<WebElement> rows = eventRows();
            return rows.size() > index ? rows.get(index).getText() : null;
        });
    }

    /** Sends one gpt-4o event (1M input, 100k output tokens: $3.50) and returns its answer. */
    private Api.Response ingest(Api ingestApi, String key, String model, String timestamp, String tags) {
        Api.Response r = ingestApi.post("/api/events/track",
                Events.event(UUID.randomUUID(), "openai", model, 1_000_000, 0, 100_000, timestamp, tags), key);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    @Test
    void signup_showsTheOverview_andTheFirstKeyOnce() {
        signUp();

        assertThat(browser.testid("signup-api-key").getText()).startsWith("llm_");
        assertThat(browser.testid("spend-today").getText()).isEqualTo("$0.00");
        assertThat(browser.testid("spend-forecast").getText()).isEqualTo("$0.00");
        assertThat(browser.testid("budget-used").getText()).isEqualTo("—");
        browser.testid("nav-budgets").click();
        browser.testid("budget-form");
        browser.testid("nav-overview").click();
        browser.testid("spend-month");
        assertThat(browser.all("signup-api-key")).isEmpty();
    }

    @Test
    void newKey_isShownOnce_andItsEventsAppearLive() {
        signUp();
        browser.testid("nav-api-keys").click();
        browser.testid("key-name").sendKeys("ci");
        browser.testid("new-api-key").click();
        String key = browser.testid("api-key-value").getText();
        assertThat(key).startsWith("llm_");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(key);
        browser.testid("nav-alerts").click();
        browser.testid("alerts-table");
        browser.testid("nav-api-keys").click();
        browser.testid("api-keys-table");
        assertThat(browser.all("api-key-value")).as("the key is shown once").isEmpty();
        browser.testid("nav-overview").click();
        waitLive();

        Api.Response r = ingest(api, key, "gpt-4o", null, "{\"project\":\"search\"}");
        long sent = System.nanoTime();

        String cost = r.body().get("events").get(0).get("cost_usd").asText();
        browser.waitUpTo(LIVE).until(d -> eventRows().size() == 1
                && dollars(cost).equals(browser.testid("spend-today").getText())
                && dollars(cost).equals(browser.testid("spend-month").getText()));
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThanOrEqualTo(LIVE);
        assertThat(dollars(cost)).isEqualTo("$3.50");
        assertThat(rowText(0)).contains("openai", "gpt-4o", "1,000,000", "100,000", "$3.50", "120 ms", "project=search");
        assertThat(browser.testid("spend-month").getAttribute("title")).isEqualTo("exactly $" + cost);
        assertThat(browser.testid("by-model-table").getText()).contains("gpt-4o", "$3.50");
        assertThat(browser.testid("daily-chart").findElements(By.cssSelector("rect"))).isNotEmpty();
    }

    @Test
    void timeZone_choosesWhichDayIsToday() {
        Api.Account a = api.signup();
        Instant at = Instant.now().minus(Duration.ofHours(3));
        ingest(api, a.apiKey(), "gpt-4o", at.toString(), null);
        logIn(a);
        // a zone where it is past 5 a.m. (the event, 3 h ago, was today) and one where it is not yet
        // 2 a.m. (the event was yesterday); the picker's zones span UTC−11 to UTC+14, so both exist
        @SuppressWarnings("unchecked")
        List<String> zones = (List<String>) browser.driver().executeScript(
                "return Array.from(arguments[0].options).map(o => o.value)", browser.testid("time-zone"));
        String today = zoneWhere(zones, h -> h >= 5 && h < 23);
        String yesterday = zoneWhere(zones, h -> h < 2);

        new Select(browser.testid("time-zone")).selectByValue(today);
        waitText("spend-today", "$3.50");
        new Select(browser.testid("time-zone")).selectByValue(yesterday);
        waitText("spend-today", "$0.00");
        assertThat(browser.testid("spend-week").isDisplayed()).isTrue();
        browser.driver().navigate().refresh();
        waitText("spend-today", "$0.00");
        assertThat(new Select(browser.testid("time-zone")).getFirstSelectedOption().getAttribute("value"))
                .as("the choice survives a reload").isEqualTo(yesterday);
        new Select(browser.testid("time-zone")).selectByValue("UTC");
    }

    private static String zoneWhere(List<String> zones, java.util.function.IntPredicate hour) {
        for (String zone : zones) {
            if (ZoneId.getAvailableZoneIds().contains(zone) && hour.test(ZonedDateTime.now(ZoneId.of(zone)).getHour())) {
                return zone;
            }
        }
        throw new AssertionError("no zone of the picker has that hour now: " + zones);
    }

    @Test
    void budget_isCreatedInTheForm_showsItsState_itsAlertIsListed_thenEditedAndDeleted() {
        Api.Account a = api.signup();
        logIn(a);
        browser.testid("nav-budgets").click();
        browser.testid("budget-name").sendKeys("whole team");
        browser.testid("budget-limit").sendKeys("5");
        browser.testid("budget-submit").click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> browser.testid("budgets-table").getText().contains("whole team"));
        assertThat(browser.testid("budget-percent").getText()).isEqualTo("0.0 %");

        ingest(api, a.apiKey(), "gpt-4o", null, null); // $3.50 of $5: past 50 %

        browser.waitUpTo(LIVE).until(d -> "70.0 %".equals(browser.testid("budget-percent").getText()));
        assertThat(browser.testid("budgets-table").getText()).contains("$5.00", "$3.50");
        browser.testid("nav-alerts").click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> browser.testid("alerts-table").getText().contains("Threshold crossed 50 %"));
        assertThat(browser.testid("alerts-table").getText()).contains("whole team", "$3.50");
        browser.testid("nav-overview").click();
        waitText("budget-used", "70.0 %");

        browser.testid("nav-budgets").click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> browser.testid("budgets-table").getText().contains("whole team"));
        browser.driver().findElement(By.xpath("//button[normalize-space()='Edit']")).click();
        WebElement limit = browser.testid("budget-limit");
        limit.clear();
        limit.sendKeys("10");
        browser.testid("budget-submit").click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> "35.0 %".equals(browser.testid("budget-percent").getText()));
        assertThat(api.get("/api/budgets", a.token()).body().get("budgets").get(0).get("limit_usd").asText()).isEqualTo("10.000000");

        WebElement delete = browser.testid("delete-budget");
        delete.click();
        delete.click(); // the second click confirms
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> browser.testid("budgets-table").getText().contains("No budgets yet"));
        assertThat(api.get("/api/budgets", a.token()).body().get("budgets")).isEmpty();
    }

    @Test
    void revokedKey_isRefused() {
        Api.Account a = api.signup();
        logIn(a);
        browser.testid("nav-api-keys").click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> browser.testid("api-keys-table").getText().contains("active"));

        WebElement revoke = browser.testid("revoke-key");
        revoke.click();
        revoke.click(); // the second click confirms

        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> browser.testid("api-keys-table").getText().contains("revoked"));
        Api.Response r = api.post("/api/events/track", Events.event(UUID.randomUUID(), "openai", "gpt-4o", 1, 0, 1, null, null),
                a.apiKey());
        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void logout_endsTheSession() {
        signUp();

        browser.testid("logout").click();

        browser.testid("login-email");
        assertThat(browser.driver().manage().getCookieNamed("llmlab_session")).isNull();
        browser.driver().navigate().to(base + "/#/overview");
        browser.driver().navigate().refresh();
        browser.testid("login-email");
        assertThat(browser.all("spend-month")).isEmpty();
    }

    @Test
    void twoTabsOfOneAccount_bothUpdate_andAnotherAccountSeesNothing() {
        Api.Account a = api.signup();
        Api.Account other = api.signup();
        logIn(a);
        String first = browser.driver().getWindowHandle();
        browser.driver().switchTo().newWindow(WindowType.TAB);
        browser.driver().get(base + "/#/overview");
        waitLive();
        String second = browser.driver().getWindowHandle();
        try (Browser elsewhere = Browser.start()) {
            Browser main = browser;
            browser = elsewhere;
            logIn(other);
            browser = main;

            ingest(api, a.apiKey(), "gpt-4o-mini", null, null);
            long sent = System.nanoTime();

            browser.waitUpTo(LIVE).until(d -> eventRows().size() == 1);
            browser.driver().switchTo().window(first);
            browser.waitUpTo(LIVE.minus(Duration.ofNanos(System.nanoTime() - sent)).plusMillis(1))
                    .until(d -> eventRows().size() == 1);
            Browser.sleep(Duration.ofMillis(500));
            assertThat(elsewhere.driver().findElements(By.cssSelector("[data-testid='recent-events'] tbody tr"))).isEmpty();
            assertThat(elsewhere.testid("spend-month").getText()).isEqualTo("$0.00");
        } finally {
            browser.driver().switchTo().window(second).close();
            browser.driver().switchTo().window(first);
        }
    }

    @Test
    void anEventIngestedThroughOneInstance_showsLiveOnAPageOfAnother() {
        Api.Account a = api.signup();
        URI first = base;
        base = TestServers.second().uri();
        try {
            logIn(a);

            ingest(api, a.apiKey(), "gpt-4o", null, null); // through the first instance
            long sent = System.nanoTime();

            browser.waitUpTo(LIVE).until(d -> eventRows().size() == 1 && "$3.50".equals(browser.testid("spend-today").getText()));
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThanOrEqualTo(LIVE);
        } finally {
            base = first;
        }
    }

    @Test
    void aPageThatLostItsServer_reconnects_andCatchesUp() throws Exception {
        Api.Account a = api.signup();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI first = base;
        LlmLabServer own = LlmLabServer.start(TestServers.config().port(port).build());
        try {
            base = own.uri();
            logIn(a);
            own.close();
            own = null;
            browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !"Live".equals(browser.testid("live-status").getText()));

            ingest(api, a.apiKey(), "gpt-4o", null, null); // while the page's server is down
            own = LlmLabServer.start(TestServers.config().port(port).build());

            browser.waitUpTo(Duration.ofSeconds(15)).until(d -> eventRows().size() == 1
                    && "$3.50".equals(browser.testid("spend-month").getText()));
            assertThat(browser.testid("live-status").getText()).isEqualTo("Live");
        } finally {
            base = first;
            if (own != null) {
                own.close();
            }
            browser.consoleErrors(); // the failed reconnections while the server was down are expected
        }
    }

    @Test
    void everyView_fitsAPhone_andTheOverviewIsPictured() {
        Api.Account a = api.signup();
        assertThat(api.post("/api/budgets", "{\"name\":\"whole team\",\"limit_usd\":\"60\"}", a.token()).status())
                .isEqualTo(201);
        Instant now = Instant.now();
        String[][] spend = {
            {"gpt-4o", "search"}, {"gpt-4o-mini", "chat"}, {"gpt-4o", "chat"}, {"gpt-4o-mini", "search"},
        };
        StringBuilder batch = new StringBuilder();
        for (int day = 0; day < 24; day++) {
            for (int i = 0; i < spend.length; i++) {
                if ((day + i) % 3 == 0) {
                    continue;
                }
                String at = now.minus(Duration.ofHours(day * 24L + i)).toString();
                long input = 200_000L + 37_000L * ((day * 7 + i * 3) % 11);
                batch.append(batch.length() == 0 ? "" : ",").append(Events.event(UUID.randomUUID(), "openai",
                        spend[i][0], input, input / 4, input / 10, at, "{\"project\":\"" + spend[i][1] + "\"}"));
            }
            batch.append(",").append(Events.event(UUID.randomUUID(), "anthropic", "claude-sonnet-4-5",
                    150_000L + 20_000L * (day % 5), 50_000, 12_000, now.minus(Duration.ofHours(day * 24L + 5)).toString(),
                    "{\"project\":\"support\"}"));
        }
        assertThat(api.post("/api/events/track", "{\"events\":[" + batch + "]}", a.apiKey()).status()).isEqualTo(200);
        logIn(a);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> eventRows().size() == 20);
        browser.screenshot("overview-desktop");
        assertAccessibleNames();

        browser.testid("nav-recommendations").click();
        com.fasterxml.jackson.databind.JsonNode recs = api.get("/api/recommendations", a.token()).body().get("recommendations");
        assertThat(recs).isNotEmpty();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> browser.testid("recommendations-list")
                .findElements(By.tagName("li")).size() == recs.size());
        WebElement first = browser.testid("recommendations-list").findElements(By.tagName("li")).get(0);
        assertThat(first.getText()).contains(recs.get(0).get("title").asText(),
                dollars(recs.get(0).get("estimated_monthly_savings_usd").asText()));
        assertAccessibleNames();
        browser.screenshot("recommendations-desktop");
        for (String view : List.of("api-keys", "budgets", "alerts")) {
            browser.testid("nav-" + view).click();
            browser.testid(view.equals("api-keys") ? "api-keys-table" : view + "-table");
            Browser.sleep(Duration.ofMillis(300));
            assertAccessibleNames();
            browser.screenshot(view + "-desktop");
        }

        browser.phone();
        for (String view : List.of("overview", "api-keys", "budgets", "alerts", "recommendations")) {
            browser.testid("nav-" + view).click();
            browser.waitUpTo(Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().endsWith("#/" + view));
            Browser.sleep(Duration.ofMillis(300));
            assertThat((Long) browser.driver().executeScript("return document.documentElement.scrollWidth"))
                    .as("the " + view + " view is no wider than the phone").isLessThanOrEqualTo(390L);
            browser.screenshot(view + "-phone");
        }
        browser.testid("nav-overview").click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> eventRows().size() == 20);
        browser.screenshot("overview-phone");
    }

    private String firstModelRow() {
        return browser.waitUpTo(Duration.ofSeconds(5)).until(d ->
                browser.testid("by-model-table").findElements(By.cssSelector("tbody tr")).get(0).getText());
    }

    /** Every form control and button of the view has a name a screen reader can announce. */
    private void assertAccessibleNames() {
        @SuppressWarnings("unchecked")
        List<String> unnamed = (List<String>) browser.driver().executeScript("""
                return Array.from(document.querySelectorAll('input, select, button, a[href]'))
                  .filter(e => e.offsetParent !== null)
                  .filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label')
                                 || (e.textContent || '').trim()))
                  .map(e => e.outerHTML.slice(0, 80));""");
        assertThat(unnamed).as("controls without a name").isEmpty();
    }

    @Test
    void recentEvents_filterByModelAndTag_pageBack_andSortTheBreakdown() {
        Api.Account a = api.signup();
        Instant now = Instant.now();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            String model = i < 5 ? "gpt-4o" : "gpt-4o-mini";
            String tags = i % 5 == 0 ? "{\"project\":\"search\"}" : "{\"project\":\"chat\"}";
            batch.append(i == 0 ? "" : ",").append(Events.event(UUID.randomUUID(), "openai", model, 1000 + i, 0, 10,
                    now.minusSeconds(60L * (25 - i)).toString(), tags));
        }
        assertThat(api.post("/api/events/track", "{\"events\":[" + batch + "]}", a.apiKey()).status()).isEqualTo(200);
        logIn(a);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> eventRows().size() == 20);
        assertThat(rowText(0)).as("newest first").contains("1,024");

        browser.driver().findElement(By.xpath("//button[normalize-space()='Older →']")).click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> eventRows().size() == 5);
        assertThat(rowText(4)).contains("1,000");
        browser.driver().findElement(By.xpath("//button[normalize-space()='← Newer']")).click();
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> eventRows().size() == 20);

        new Select(browser.testid("events-model")).selectByValue("gpt-4o");
        browser.testid("events-tag").sendKeys("project=search", org.openqa.selenium.Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> eventRows().size() == 1);
        assertThat(rowText(0)).contains("gpt-4o", "project=search", "1,000");

        assertThat(firstModelRow()).as("most expensive first").startsWith("gpt-4o ");
        WebElement byName = browser.testid("by-model-table").findElement(By.xpath(".//th//button[normalize-space()='Model']"));
        byName.sendKeys(org.openqa.selenium.Keys.ENTER); // by keyboard: descending by name first
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> "descending".equals(browser.testid("by-model-table")
                .findElement(By.xpath(".//th[.//button[normalize-space()='Model']]")).getAttribute("aria-sort")));
        assertThat(firstModelRow()).startsWith("gpt-4o-mini");
        browser.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.waitUpTo(Duration.ofSeconds(5)).until(d -> browser.testid("by-model-table")
                .findElements(By.cssSelector("tbody tr")).get(0).getText().startsWith("gpt-4o "));
    }
}

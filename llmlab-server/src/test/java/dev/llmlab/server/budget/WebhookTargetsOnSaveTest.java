package dev.llmlab.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import dev.llmlab.server.alerts.AlertSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST} and {@code PATCH /api/budgets} refuse a webhook URL the alert sender would refuse, on
 * an instance with the default rules (private targets not allowed); with
 * {@code LLMLAB_ALLOW_PRIVATE_WEBHOOKS=true} (the shared test instances) they are taken.
 */
class WebhookTargetsOnSaveTest {
    private static LlmLabServer strict;
    private static Api api;
    private final Api allowing = TestServers.api();

    @BeforeAll
    static void start() {
        strict = LlmLabServer.start(TestServers.config().alerts(AlertSettings.DEFAULT.withSending(false)).build());
        api = new Api(strict.uri());
    }

    @AfterAll
    static void stop() {
        strict.close();
    }

    private static String slack(String url) {
        return "{\"limit_usd\":\"10\",\"channels\":[{\"type\":\"email\",\"to\":\"ops@example.com\"},"
                + "{\"type\":\"slack\",\"url\":\"" + url + "\"}]}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://hooks.slack.com/services/T/B/x|must start with https://",
        "https://127.0.0.1/hook|resolves to 127.0.0.1, a loopback address",
        "https://localhost:8443/hook|a loopback address",
        "https://[::1]/hook|a loopback address",
        "https://10.1.2.3/hook|resolves to 10.1.2.3, a private address",
        "https://192.168.0.10/hook|a private address",
        "https://172.16.5.4/hook|a private address",
        "https://100.64.0.1/hook|a shared (carrier-grade NAT) address",
        "https://169.254.169.254/latest/meta-data|a link-local address (where cloud metadata services live)",
        "https://[fe80::1]/hook|a link-local address",
        "https://[fd00::1]/hook|a unique local address",
        "https://[::ffff:127.0.0.1]/hook|a loopback address",
        "https://0.0.0.0/hook|the unspecified address",
        "https://2130706433/hook|a number in a form other than a dotted quad",
        "https://0177.0.0.1/hook|a number in a form other than a dotted quad",
    })
    void post_refusesATargetTheSenderWouldRefuse_400NamingTheChannelsUrl(String url, String reason) {
        Api.Account a = api.signup();

        Api.Response r = api.post("/api/budgets", slack(url), a.token());

        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("channels[1].url");
        assertThat(r.body().get("error").get("message").asText()).startsWith("channels[1].url: ").contains(reason);
        assertThat(r.text()).doesNotContain("/hook").doesNotContain("meta-data");
        assertThat(api.get("/api/budgets", a.token()).body().get("budgets")).isEmpty();
    }

    @Test
    void patch_refusesAPrivateTarget_andKeepsTheBudgetAsItWas() {
        Api.Account a = api.signup();
        String id = api.post("/api/budgets", slack("https://203.0.113.7/hook"), a.token()).body().get("id").asText();

        Api.Response r = api.patch("/api/budgets/" + id, "{\"channels\":[{\"type\":\"webhook\","
                + "\"url\":\"https://169.254.169.254/x\",\"secret\":\"0123456789abcdef\"}]}", a.token());

        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.errorField()).isEqualTo("channels[0].url");
        assertThat(r.body().get("error").get("message").asText()).contains("link-local");
        assertThat(api.get("/api/budgets/" + id, a.token()).body().get("channels").get(1).get("url").asText())
                .isEqualTo("https://203.0.113.7/…");
    }

    @Test
    void post_takesAPublicAddress_andANameThatDoesNotResolveYet() {
        Api.Account a = api.signup();

        Api.Response literal = api.post("/api/budgets", slack("https://203.0.113.7/hook"), a.token());
        Api.Response unresolved = api.post("/api/budgets", slack("https://not-yet-published.invalid/hook"), a.token());

        assertThat(literal.status()).as(literal.text()).isEqualTo(201);
        assertThat(unresolved.status()).as(unresolved.text()).isEqualTo(201);
    }

    @Test
    void allowPrivateWebhooks_takesLoopbackPrivateAndHttpTargets() {
        Api.Account a = allowing.signup();

        for (String url : new String[] {"http://127.0.0.1:9/hook", "https://169.254.169.254/x", "https://10.0.0.8/x",
                "http://localhost/x"}) {
            Api.Response r = allowing.post("/api/budgets", slack(url), a.token());
            assertThat(r.status()).as(url + ": " + r.text()).isEqualTo(201);
        }
        Api.Response ftp = allowing.post("/api/budgets", slack("ftp://127.0.0.1/x"), a.token());
        assertThat(ftp.status()).isEqualTo(400);
        assertThat(ftp.errorField()).isEqualTo("channels[1].url");
    }
}

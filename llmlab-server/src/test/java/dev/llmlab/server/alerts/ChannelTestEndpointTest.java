package dev.llmlab.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmlab.server.Api;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ChannelTestEndpointTest {
    private static final String SECRET = "test-endpoint-secret-0123456789";
    private final Api api = TestServers.api();

    @Test
    void testAlert_throughWebhook_deliveredSigned_nothingStored() throws Exception {
        try (Receiver r = Receiver.answering(200)) {
            Api.Account a = api.signup();
            UUID budget = AlertFixtures.budget(a.userId(), "[{\"type\":\"slack\",\"url\":\"" + r.url("/s") + "\"},"
                    + "{\"type\":\"webhook\",\"url\":\"" + r.url("/w") + "\",\"secret\":\"" + SECRET + "\"}]");
            Api.Response res = api.post("/api/budgets/" + budget + "/channels/1/test", "", a.token());
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.body().get("channel").asText()).isEqualTo("webhook");
            assertThat(res.body().get("status").asText()).isEqualTo("delivered");
            assertThat(res.body().get("http_status").asInt()).isEqualTo(200);
            assertThat(res.body().get("error").isNull()).isTrue();

            Receiver.Request req = r.requests().get(0);
            assertThat(req.path()).isEqualTo("/w");
            JsonNode body = new ObjectMapper().readTree(req.body());
            assertThat(body.get("test").asBoolean()).isTrue();
            assertThat(body.get("budget_id").asText()).isEqualTo(budget.toString());
            assertThat(body.get("budget_name").asText()).isEqualTo("search team");
            assertThat(body.get("alert_id").asText()).isEqualTo(req.header("X-LLMlab-Alert-Id"));
            String[] sig = req.header("X-LLMlab-Signature").split(",");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(sig[1]).isEqualTo("v1=" + HexFormat.of().formatHex(
                    mac.doFinal((sig[0].substring(2) + "." + req.body()).getBytes(StandardCharsets.UTF_8))));
            long stored = TestServers.jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM alerts WHERE budget_id = :b").bind("b", budget).mapTo(Long.class).one());
            assertThat(stored).isZero();
        }
    }

    @Test
    void testAlert_receiverRefuses_answersFailedWithStatusAndError() {
        try (Receiver r = Receiver.answering(403)) {
            Api.Account a = api.signup();
            UUID budget = AlertFixtures.budget(a.userId(), "[{\"type\":\"discord\",\"url\":\"" + r.url("/d") + "\"}]");
            Api.Response res = api.post("/api/budgets/" + budget + "/channels/0/test", "", a.token());
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.body().get("channel").asText()).isEqualTo("discord");
            assertThat(res.body().get("status").asText()).isEqualTo("failed");
            assertThat(res.body().get("http_status").asInt()).isEqualTo(403);
            assertThat(res.body().get("error").asText()).isEqualTo("HTTP 403: receiver says no");
        }
    }

    @Test
    void testAlert_otherAccountsBudget_orMissingChannel_404() {
        Api.Account owner = api.signup();
        UUID budget = AlertFixtures.budget(owner.userId(), "[{\"type\":\"email\",\"to\":\"a@example.com\"}]");
        Api.Account other = api.signup();
        assertThat(api.post("/api/budgets/" + budget + "/channels/0/test", "", other.token()).status()).isEqualTo(404);
        assertThat(api.post("/api/budgets/" + budget + "/channels/1/test", "", owner.token()).status()).isEqualTo(404);
        Api.Response bad = api.post("/api/budgets/" + budget + "/channels/first/test", "", owner.token());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorField()).isEqualTo("index");
        Api.Response badId = api.post("/api/budgets/nope/channels/0/test", "", owner.token());
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.errorField()).isEqualTo("id");
    }

    @Test
    void testAlert_emailWithoutSmtp_failedSayingWhatToSet() {
        Api.Account a = api.signup();
        UUID budget = AlertFixtures.budget(a.userId(), "[{\"type\":\"email\",\"to\":\"a@example.com\"}]");
        Api.Response res = api.post("/api/budgets/" + budget + "/channels/0/test", "", a.token());
        assertThat(res.body().get("status").asText()).isEqualTo("failed");
        assertThat(res.body().get("error").asText()).contains("LLMLAB_SMTP_URL");
    }

    @Test
    void testAlert_withDefaultSettings_loopbackTargetRefusedAtSendTime_pathNotShown() {
        try (Receiver r = Receiver.answering(200);
                LlmLabServer strict = AlertServers.start(AlertSettings.DEFAULT.withSending(false))) {
            Api strictApi = new Api(strict.uri());
            Api.Account a = strictApi.signup();
            String url = "https://localhost:" + r.port() + "/services/T1/B2/SECRET";
            UUID budget = AlertFixtures.budget(a.userId(), "[{\"type\":\"slack\",\"url\":\"" + url + "\"}]");
            Api.Response res = strictApi.post("/api/budgets/" + budget + "/channels/0/test", "", a.token());
            assertThat(res.body().get("status").asText()).isEqualTo("failed");
            assertThat(res.body().get("error").asText())
                    .startsWith("the webhook host localhost resolves to 127.0.0.1, a loopback address")
                    .doesNotContain("SECRET");
            assertThat(res.text()).doesNotContain("SECRET");
            assertThat(r.requests()).isEmpty();
        }
    }

    @Test
    void testAlert_needsManage() {
        Api.Account a = api.signup();
        UUID budget = AlertFixtures.budget(a.userId(), "[]");
        Api.Response key = api.post("/api/keys", "{\"scopes\":[\"read\"]}", a.token());
        assertThat(api.post("/api/budgets/" + budget + "/channels/0/test", "", key.body().get("api_key").asText())
                .status()).isEqualTo(403);
    }
}

package dev.llmlab.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's session: the login token travels only in an HttpOnly, SameSite=Strict cookie, and
 * a state-changing request authenticated by that cookie must carry X-Requested-With (CSRF).
 */
class SessionCookieTest {
    private static final Map<String, String> MARKER = Map.of("X-Requested-With", "llmlab-dashboard");
    private static Api api;
    private static Api.Account account;

    @BeforeAll
    static void account() {
        api = TestServers.api();
        account = api.signup();
    }

    private static String credentials() {
        return "{\"email\":\"" + account.email() + "\",\"password\":\"" + account.password() + "\"}";
    }

    /** @return "llmlab_session=<token>" from a login through the session endpoint */
    private static String sessionCookie() {
        Api.Response r = api.request("POST", "/auth/session", credentials(), MARKER);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        String setCookie = r.header("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static Map<String, String> with(String cookie, boolean marker) {
        return marker ? Map.of("Cookie", cookie, "X-Requested-With", "llmlab-dashboard") : Map.of("Cookie", cookie);
    }

    @Test
    void login_setsHttpOnlyStrictCookie_andNoTokenInTheBody() {
        Api.Response r = api.request("POST", "/auth/session", credentials(), MARKER);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("email").asText()).isEqualTo(account.email());
        assertThat(r.body().has("token")).isFalse();
        String setCookie = r.header("Set-Cookie");
        assertThat(setCookie).startsWith("llmlab_session=ey").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/").containsIgnoringCase("Max-Age=");
        assertThat(setCookie).as("plain HTTP: no Secure flag, or the browser would drop it").doesNotContain("Secure");
    }

    @Test
    void signup_setsTheCookie_andShowsTheFirstKeyOnce() {
        String email = "session-" + java.util.UUID.randomUUID() + "@example.com";
        Api.Response r = api.request("POST", "/auth/session/signup",
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}", MARKER);

        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.body().get("api_key").asText()).startsWith("llm_");
        assertThat(r.body().has("token")).isFalse();
        String cookie = r.header("Set-Cookie");
        Api.Response me = api.request("GET", "/auth/session", null, with(cookie.substring(0, cookie.indexOf(';')), false));
        assertThat(me.body().get("email").asText()).isEqualTo(email);
    }

    @Test
    void cookie_authenticatesReads() {
        Api.Response r = api.request("GET", "/api/keys", null, with(sessionCookie(), false));

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("keys").size()).isPositive();
    }

    @Test
    void cookie_stateChangeWithoutMarker_isRefusedAsCsrf_andChangesNothing() {
        String cookie = sessionCookie();
        int before = api.request("GET", "/api/keys", null, with(cookie, false)).body().get("keys").size();

        Api.Response r = api.request("POST", "/api/keys", "{\"name\":\"forged\"}", with(cookie, false));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("csrf");
        assertThat(r.errorField()).isEqualTo("X-Requested-With");
        assertThat(api.request("GET", "/api/keys", null, with(cookie, false)).body().get("keys").size()).isEqualTo(before);
    }

    @Test
    void cookie_deleteWithoutMarker_isRefusedAsCsrf() {
        String cookie = sessionCookie();
        String id = api.get("/api/keys", account.token()).body().get("keys").get(0).get("id").asText();

        Api.Response r = api.request("DELETE", "/api/keys/" + id, null, with(cookie, false));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("csrf");
        assertThat(api.get("/api/keys", account.token()).body().get("keys").get(0).get("revoked_at").isNull()).isTrue();
    }

    @Test
    void cookie_stateChangeWithMarker_isAccepted() {
        Api.Response r = api.request("POST", "/api/keys", "{\"name\":\"from the dashboard\"}", with(sessionCookie(), true));

        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    @Test
    void login_withoutMarker_isRefused() {
        Api.Response r = api.request("POST", "/auth/session", credentials(), Map.of());

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("csrf");
        assertThat(r.header("Set-Cookie")).isNull();
    }

    @Test
    void cookieHoldingAnApiKey_isRefused() {
        Api.Response r = api.request("GET", "/api/keys", null, with("llmlab_session=" + account.apiKey(), false));

        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void noCookie_isNotLoggedIn() {
        Api.Response r = api.request("GET", "/auth/session", null, Map.of());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void logout_clearsTheCookie() {
        Api.Response r = api.request("DELETE", "/auth/session", null, with(sessionCookie(), true));

        assertThat(r.status()).isEqualTo(204);
        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertThat(cookies).singleElement().asString().startsWith("llmlab_session=;").contains("Max-Age=0")
                .containsIgnoringCase("HttpOnly");
    }
}

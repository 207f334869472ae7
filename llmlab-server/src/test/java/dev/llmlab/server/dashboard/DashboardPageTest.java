package dev.llmlab.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's files: served from the jar with their types, a strict CSP and revalidation. */
class DashboardPageTest {
    private final Api api = TestServers.api();

    @Test
    void root_isThePage_withAStrictContentSecurityPolicy() {
        Api.Response r = api.get("/", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        String csp = r.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "object-src 'none'",
                "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'").doesNotContain("unsafe");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.text()).contains("data-testid=\"nav-login\"", "<script type=\"module\" src=\"/app/main.js\">");
    }

    @Test
    void page_hasNoInlineScriptOrStyle() {
        String html = api.get("/", null).text();

        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        while (scripts.find()) {
            assertThat(scripts.group(1)).contains("src=");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(html).doesNotContain("<style", " style=", " onclick=", " onload=");
    }

    @Test
    void asset_hasItsType_andIsRevalidated() {
        Api.Response js = api.get("/app/main.js", null);
        Api.Response css = api.get("/app/style.css", null);

        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(js.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(js.header("ETag")).matches("\"[0-9a-f]{32}\"");
        Api.Response again = api.request("GET", "/app/main.js", null, Map.of("If-None-Match", js.header("ETag")));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.text()).isEmpty();
    }

    @Test
    void unknownAsset_isTheJson404() {
        Api.Response r = api.get("/app/nothing.js", null);
        Api.Response traversal = api.get("/app/..%2Fapplication.yml", null);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("not_found");
        assertThat(traversal.status()).isEqualTo(404);
    }

    @Test
    void alertLink_leadsToTheBudgetsView() {
        Api.Response r = api.get("/budgets/" + java.util.UUID.randomUUID(), null);

        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/#/budgets");
    }

    @Test
    void api_staysUncached() {
        Api.Response r = api.get("/api/costs/summary", api.signup().token());

        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.header("Content-Security-Policy")).isNull();
    }
}

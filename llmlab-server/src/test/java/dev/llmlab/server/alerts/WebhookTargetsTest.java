package dev.llmlab.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
    private final WebhookTargets publicOnly = new WebhookTargets(false);
    private final WebhookTargets allowPrivate = new WebhookTargets(true);

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost/hook", "https://127.0.0.1/hook", "https://127.1.2.3/hook",
            "https://10.0.0.1/hook", "https://172.16.5.4/hook", "https://192.168.1.1/hook",
            "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/hook", "https://0.0.0.0/hook",
            "https://[::1]/hook", "https://[::]/hook", "https://[fe80::1]/hook", "https://[fc00::1]/hook",
            "https://[fd12:3456::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:10.1.1.1]/hook",
            "https://[64:ff9b::a9fe:a9fe]/hook", "https://224.0.0.1/hook", "https://255.255.255.255/hook"})
    void check_privateLoopbackLinkLocalAndMetadata_refused(String url) {
        assertThatThrownBy(() -> publicOnly.check(URI.create(url)))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessageContaining("resolves to")
                .hasMessageContaining("LLMLAB_ALLOW_PRIVATE_WEBHOOKS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://2130706433/hook", "https://0177.0.0.1/hook", "https://0x7f.0.0.1/hook",
            "https://0x7f000001/hook", "https://127.1/hook", "https://017700000001/hook"})
    void check_numericHostsOtherThanDottedQuad_refused(String url) {
        assertThatThrownBy(() -> publicOnly.check(URI.create(url)))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessageContaining("dotted quad");
    }

    @Test
    void check_plainHttp_refused_namingTheScheme() {
        assertThatThrownBy(() -> publicOnly.check(URI.create("http://93.184.216.34/hook")))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessage("a webhook URL must start with https:// (was http://)");
    }

    @Test
    void check_userInfo_refused() {
        assertThatThrownBy(() -> publicOnly.check(URI.create("https://user:pw@93.184.216.34/hook")))
                .isInstanceOf(WebhookTargets.Refused.class)
                .hasMessageContaining("user:password@")
                .hasMessageNotContaining("pw");
    }

    @Test
    void check_publicAddress_accepted() {
        assertThat(publicOnly.check(URI.create("https://93.184.216.34/services/T000/B000/XXXX")))
                .extracting(a -> a.getHostAddress()).containsExactly("93.184.216.34");
    }

    @Test
    void check_nameResolvingToLoopback_refused_butMessageHidesThePath() {
        assertThatThrownBy(() -> publicOnly.check(URI.create("https://localhost:8443/services/SECRET-TOKEN")))
                .hasMessageContaining("the webhook host localhost resolves to 127.0.0.1, a loopback address")
                .hasMessageNotContaining("SECRET-TOKEN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:9999/hook", "https://127.0.0.1/hook", "http://10.0.0.1/hook",
            "https://[::1]/hook", "http://2130706433/hook"})
    void check_withPrivateTargetsAllowed_accepted(String url) {
        assertThat(allowPrivate.check(URI.create(url))).isNotEmpty();
    }

    @Test
    void check_otherSchemes_refusedEvenWithPrivateTargetsAllowed() {
        assertThatThrownBy(() -> allowPrivate.check(URI.create("file:///etc/passwd")))
                .isInstanceOf(WebhookTargets.Refused.class);
        assertThatThrownBy(() -> allowPrivate.check(URI.create("ftp://127.0.0.1/x")))
                .isInstanceOf(WebhookTargets.Refused.class);
    }

    @Test
    void mask_keepsSchemeAndHostOnly() {
        assertThat(WebhookTargets.mask("https://hooks.slack.com/services/T000/B000/XXXXSECRET"))
                .isEqualTo("https://hooks.slack.com/…");
        assertThat(WebhookTargets.mask("http://127.0.0.1:8080/x?token=abc")).isEqualTo("http://127.0.0.1:8080/…");
        assertThat(WebhookTargets.mask("not a url at all")).isEqualTo("…");
    }
}

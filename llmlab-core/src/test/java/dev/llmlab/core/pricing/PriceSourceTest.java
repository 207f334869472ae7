package dev.llmlab.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PriceSourceTest {
    @Test
    void parse_httpsUrl_isAUrl() {
        PriceSource s = PriceSource.parse(" https://prices.example.com/llmlab.json ");
        assertThat(s.isUrl()).isTrue();
        assertThat(s.uri()).hasValue(URI.create("https://prices.example.com/llmlab.json"));
        assertThat(s.path()).isEmpty();
    }

    @Test
    void parse_anythingElse_isAFile() {
        PriceSource s = PriceSource.parse("prices/my-prices.json");
        assertThat(s.isUrl()).isFalse();
        assertThat(s.path()).hasValue(Path.of("prices/my-prices.json"));
        assertThat(s.toString()).isEqualTo("prices/my-prices.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/p.json", "http://localhost/p.json", "http://[::1]:9/p.json",
        "HTTP://127.1.2.3/p.json"})
    void parse_plainHttpToLoopback_isAccepted(String url) {
        assertThat(PriceSource.parse(url).isUrl()).isTrue();
    }

    @Test
    void parse_plainHttpToAnotherHost_isRefusedNamingTheFix() {
        assertThatThrownBy(() -> PriceSource.parse("http://prices.example.com/p.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://prices.example.com/p.json").hasMessageContaining("use https://");
    }

    @Test
    void url_withCredentials_isRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> PriceSource.parse("https://me:hunter2@prices.example.com/p.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials").hasMessageNotContaining("hunter2");
    }

    @Test
    void url_otherScheme_isRefused() {
        assertThatThrownBy(() -> PriceSource.url(URI.create("ftp://prices.example.com/p.json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected https://host/path");
    }

    @Test
    void parse_blank_isRefused() {
        assertThatThrownBy(() -> PriceSource.parse("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void toString_hidesTheQuery_aSignedUrlsCredential() {
        assertThat(PriceSource.parse("https://bucket.example.com/p.json?X-Amz-Signature=abc").toString())
                .isEqualTo("https://bucket.example.com/p.json?…");
    }
}

package dev.llmlab.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server serves HTTPS directly from a PEM certificate chain and key: a client that trusts the
 * certificate talks to it, one that does not is refused, plain HTTP on the port gets nothing, and
 * the transport guard works behind TLS as well. The certificate is made by {@code openssl} (the test
 * is skipped where it is not installed).
 */
class TlsTest {
    @TempDir
    static Path dir;
    private static Path cert;
    private static Path key;
    private static LlmLabServer server;
    private static HttpClient trusting;

    @BeforeAll
    static void start() throws Exception {
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        assumeTrue(openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"), "openssl is not available");
        server = LlmLabServer.start(TestServers.config().tls(cert, key).headerTimeout(Duration.ofSeconds(2)).build());
        trusting = HttpClient.newBuilder().sslContext(trusting(cert)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void https_clientTrustingTheCertificate_signsUp() throws Exception {
        assertThat(server.uri().getScheme()).isEqualTo("https");
        HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(server.uri().resolve("/auth/signup"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"tls-" + UUID.randomUUID()
                        + "@example.com\",\"password\":\"a long passphrase\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).contains("\"api_key\":\"llm_");
        HeadersTest.assertSecurityHeaders(r);
    }

    @Test
    void https_dashboardSessionCookie_isSecure() throws Exception {
        HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(server.uri().resolve("/auth/session/signup"))
                .header("Content-Type", "application/json").header("X-Requested-With", "test")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"tls-" + UUID.randomUUID()
                        + "@example.com\",\"password\":\"a long passphrase\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("llmlab_session=")
                .contains("Secure").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
    }

    @Test
    void https_clientNotTrustingTheCertificate_refused() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(server.uri().resolve("/api/keys"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpToTheTlsPort_getsNoAnswer() {
        URI http = URI.create("http://127.0.0.1:" + server.port() + "/api/keys");
        assertThatThrownBy(() -> trusting.send(HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void overTls_requestLineOverTheLimit_414InTheErrorShape() throws Exception {
        HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(server.uri().resolve("/api/costs/summary?period="
                + "m".repeat(20_000))).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(414);
        assertThat(r.body()).contains("\"code\":\"uri_too_long\"");
    }

    @Test
    void overTls_silentConnection_closedAtTheHeaderTimeout() throws Exception {
        try (RawConnection c = new RawConnection(server.port())) {
            assertThat(c.awaitClose(Duration.ofSeconds(7))).isNotNull().isGreaterThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void tls_filesMissingSwappedOrEncrypted_refusedNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> TestServers.config().tls(missing, key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the TLS certificate file " + missing + " does not exist or cannot be read; expected a PEM"
                        + " certificate chain (-----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> TestServers.config().tls(key, cert)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the TLS certificate file " + key + " is not a PEM certificate chain"
                        + " (-----BEGIN CERTIFICATE-----)");
        Path encrypted = dir.resolve("encrypted.pem");
        assumeTrue(openssl("pkcs8", "-topk8", "-in", key.toString(), "-out", encrypted.toString(), "-passout",
                "pass:secret"));
        assertThatThrownBy(() -> TestServers.config().tls(cert, encrypted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the TLS key " + encrypted + " is encrypted; expected an unencrypted PEM");
    }

    private static boolean openssl(String... args) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(concat("openssl", args)).redirectErrorStream(true).start();
            try (InputStream out = p.getInputStream()) {
                out.readAllBytes();
            }
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        Certificate c;
        try (InputStream in = Files.newInputStream(certificate)) {
            c = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("llmlab-test", c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}

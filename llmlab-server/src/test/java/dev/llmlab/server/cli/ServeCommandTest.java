package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.server.PriceFileHost;
import dev.llmlab.server.ServerHome;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code llmlab serve} reads where to listen and whether to encrypt, without starting a server. */
class ServeCommandTest {
    @Test
    void host_default_loopbackOnly_helpSaysHowToOpenIt() {
        ServeCommand serve = new ServeCommand();
        CommandLine line = new CommandLine(serve);
        line.parseArgs();
        assertThat(serve.host).isEqualTo("127.0.0.1");
        assertThat(serve.tlsCert).isNull();
        String help = line.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        assertThat(help).contains("default: 127.0.0.1, this machine only").contains("0.0.0.0 opens the server")
                .contains("--tls-cert=FILE").contains("$LLMLAB_TLS_CERT").contains("--tls-key=FILE");
    }

    @Test
    void plainHttpWarning_onlyOffLoopbackWithoutTls() {
        assertThat(ServeCommand.plainHttpWarning("127.0.0.1", false)).isNull();
        assertThat(ServeCommand.plainHttpWarning("localhost", false)).isNull();
        assertThat(ServeCommand.plainHttpWarning("::1", false)).isNull();
        assertThat(ServeCommand.plainHttpWarning("0.0.0.0", true)).isNull();
        assertThat(ServeCommand.plainHttpWarning("0.0.0.0", false))
                .startsWith("warning: plain HTTP on 0.0.0.0, reachable from the network")
                .contains("--tls-cert/--tls-key").contains("reverse proxy");
    }

    @Test
    void builtInPricesWarning_namesTheVariableTheUrlAndTheError(@TempDir Path home) throws Exception {
        try (PriceFileHost host = new PriceFileHost().answer(503, "busy");
                ServerHome.Prices prices = ServerHome.of(Map.of("LLMLAB_HOME", home.toString(),
                        ServerHome.PRICES_VARIABLE, host.url())).prices()) {
            assertThat(prices.builtInOnly()).isTrue();
            assertThat(ServeCommand.builtInPricesWarning(prices)).startsWith("warning: LLMLAB_PRICES " + host.url())
                    .contains("(HTTP 503)").contains("built-in prices only until it loads");
        }
    }

    @Test
    void tls_optionsOrEnvironment_bothOrNeither() {
        Path cert = Path.of("/etc/llmlab/cert.pem");
        Path key = Path.of("/etc/llmlab/key.pem");
        assertThat(ServeCommand.tls(null, null, Map.of())).isNull();
        assertThat(ServeCommand.tls(cert, key, Map.of())).isEqualTo(new ServeCommand.Tls(cert, key));
        assertThat(ServeCommand.tls(null, null, Map.of("LLMLAB_TLS_CERT", cert.toString(), "LLMLAB_TLS_KEY",
                key.toString()))).isEqualTo(new ServeCommand.Tls(cert, key));
        // an option wins over its variable
        assertThat(ServeCommand.tls(Path.of("other.pem"), null, Map.of("LLMLAB_TLS_CERT", cert.toString(),
                "LLMLAB_TLS_KEY", key.toString()))).isEqualTo(new ServeCommand.Tls(Path.of("other.pem"), key));
        assertThatThrownBy(() -> ServeCommand.tls(cert, null, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TLS needs both a certificate and its key: give --tls-cert (LLMLAB_TLS_CERT) and --tls-key"
                        + " (LLMLAB_TLS_KEY), or neither; got only the certificate " + cert);
    }
}

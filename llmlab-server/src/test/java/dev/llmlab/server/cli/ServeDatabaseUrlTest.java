package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmlab serve} with a {@code DATABASE_URL} it cannot use says why without showing the password. */
class ServeDatabaseUrlTest {
    @Test
    void serve_unreachableJdbcUrlWithPassword_startupErrorMasksIt(@TempDir Path home) throws Exception {
        CliProcess r = CliProcess.run(null, Map.of("LLMLAB_HOME", home.toString(),
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/llmlab?user=app&password=hunter2-secret",
                "JWT_SECRET", "0123456789abcdef0123456789abcdef-test"), "serve", "--port", "0", "--host", "127.0.0.1");
        assertThat(r.exitCode).isNotZero();
        assertThat(r.err).contains("jdbc:postgresql://127.0.0.1:1/llmlab?user=app&password=***").doesNotContain("hunter2");
        assertThat(r.out).doesNotContain("hunter2");
    }
}

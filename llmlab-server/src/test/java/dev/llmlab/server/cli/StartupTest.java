package dev.llmlab.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pricing commands answer at once: they never load the server's framework. */
class StartupTest {
    @Test
    void cost_parse_prices_neverLoadMicronautClasses(@TempDir Path dir) throws Exception {
        for (String[] args : new String[][] {
            {"cost"}, {"parse", ParseCommandTest.body("thinking.json")}, {"prices", "gpt-4o"}}) {
            Path log = dir.resolve(args[0] + ".classes");
            String[] withLog = new String[args.length];
            System.arraycopy(args, 0, withLog, 0, args.length);
            CliProcess r = CliProcess.runWithJvmOptions(
                    "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"input_tokens\":1}\n",
                    new String[] {"-Xlog:class+load=info:file=" + log}, withLog);
            assertThat(r.exitCode).as(r.err).isZero();
            String loaded = Files.readString(log);
            assertThat(loaded).contains("dev.llmlab.server.cli.LlmLabCli");
            assertThat(loaded).doesNotContain("io.micronaut.").doesNotContain("io.netty.").doesNotContain("org.flywaydb.");
        }
    }
}

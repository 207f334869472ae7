package dev.llmlab.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code llmlab init API_KEY [--server URL]}: checks the key with the server ({@code GET /api/me}),
 * then saves the server and the key in the config file ({@link CliConfig}) for the other commands,
 * and says whom it connected as. A refused key or an unreachable server writes nothing (exit 1).
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Checks an API key with an LLMlab server, then saves the server and the key in "
                + "$LLMLAB_HOME/config (mode 600) for status, budgets and alerts.",
            "A refused key or an unreachable server writes nothing and exits 1."})
final class InitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "API_KEY", description = "The API key (llm_…), from signup or the dashboard.")
    String apiKey;

    @Option(names = "--server", paramLabel = "URL", defaultValue = CliConfig.DEFAULT_SERVER,
            description = "The LLMlab server (default: ${DEFAULT-VALUE}).")
    String server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        String url = CliConfig.server(server, "--server");
        String key = apiKey.strip();
        if (!CliConfig.looksLikeKey(key)) {
            throw new CliFailure("API_KEY is not an LLMlab API key (llm_ followed by letters, digits, - and _); "
                    + "signup and the dashboard's API keys page give one");
        }
        JsonNode me = new ServerApi(url, key).get("/api/me").json();
        Path file = CliConfig.file(env);
        new CliConfig(url, key).write(file);
        spec.commandLine().getOut().printf("Connected to %s as %s (API key %s).%nSaved to %s.%n",
                url, me.path("email").asText("?"), CliConfig.mask(key), file);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

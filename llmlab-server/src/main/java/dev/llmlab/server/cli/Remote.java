package dev.llmlab.server.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The options of a command that talks to a server, a picocli mixin: {@code --server} and
 * {@code --api-key}, each defaulting to the config file ({@link CliConfig}), the server then to
 * {@value CliConfig#DEFAULT_SERVER}.
 */
final class Remote {
    @Option(names = "--server", paramLabel = "URL",
            description = "The LLMlab server (default: the config file's, else " + CliConfig.DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "An API key with the 'read' scope (default: the config file's, written by llmlab init).")
    String apiKey;

    /**
     * @param env the environment ({@code LLMLAB_HOME})
     * @return a client of the chosen server with the chosen key
     * @throws CliFailure when there is no key, or the key or the server is malformed
     */
    ServerApi connect(Map<String, String> env) {
        Path file = CliConfig.file(env);
        Properties config = CliConfig.read(file).orElseGet(Properties::new);
        String url = server != null ? CliConfig.server(server, "--server")
                : config.getProperty("server") != null ? CliConfig.server(config.getProperty("server"), "server in " + file)
                : CliConfig.DEFAULT_SERVER;
        String key = apiKey != null ? apiKey : config.getProperty("api_key");
        if (key == null || key.isBlank()) {
            throw new CliFailure("no API key: run llmlab init API_KEY (it saves the key in " + file + "), or pass --api-key");
        }
        key = key.strip();
        if (!CliConfig.looksLikeKey(key)) {
            throw new CliFailure((apiKey != null ? "--api-key" : "api_key in " + file)
                    + " is not an LLMlab API key (llm_ followed by letters, digits, - and _)");
        }
        return new ServerApi(url, key);
    }
}

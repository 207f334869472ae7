package dev.llmlab.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import picocli.CommandLine.Model.CommandSpec;
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

    /**
     * Prints one of the account's lists: the server's JSON as it came with {@code --json}, else the
     * command's table of it (what {@code llmlab budgets} and {@code llmlab alerts} share).
     *
     * @param spec the command, for its output
     * @param json whether {@code --json} was given
     * @param path the API path to read, with its query
     * @param table the command's table of the answer, as lines
     * @return the exit status, 0
     * @throws CliFailure when the server is unreachable, refuses the key or answers an error
     */
    int printList(CommandSpec spec, boolean json, String path, BiFunction<JsonNode, Terminal, List<String>> table) {
        Map<String, String> env = System.getenv();
        ServerApi.Answer a = connect(env).get(path);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(a.text().strip());
        } else {
            table.apply(a.json(), Terminal.of(env)).forEach(out::println);
        }
        out.flush();
        return 0;
    }
}

package dev.llmlab.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmlab signup --email E [--server URL]}: creates an account ({@code POST /auth/signup}) and
 * saves the server and the account's first API key in the config file, as {@code llmlab init}
 * does. The password is asked without echo on a terminal, or read as the first line of standard
 * input when that is not a terminal (scripts).
 */
@Command(name = "signup", mixinStandardHelpOptions = true,
        description = {"Creates an account on an LLMlab server and saves its API key in $LLMLAB_HOME/config, "
                + "as init does.",
            "The password is asked without echo, or read from the first line of stdin when stdin is not a terminal."})
final class SignupCommand implements Callable<Integer> {
    @Option(names = "--email", required = true, paramLabel = "E", description = "The account's email.")
    String email;

    @Option(names = "--server", paramLabel = "URL", defaultValue = CliConfig.DEFAULT_SERVER,
            description = "The LLMlab server (default: ${DEFAULT-VALUE}).")
    String server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String url = CliConfig.server(server, "--server");
        char[] password = password();
        ServerApi api = new ServerApi(url, null);
        ServerApi.Answer a;
        try {
            a = api.post("/auth/signup", InOut.JSON.createObjectNode().put("email", email)
                    .put("password", new String(password)).toString());
        } finally {
            Arrays.fill(password, '\0');
        }
        if (a.status() != 201) {
            throw new CliFailure("the server at " + url + " refused the signup (" + a.status() + "): "
                    + ServerApi.errorMessage(a));
        }
        String key = a.json().path("api_key").asText("");
        if (!CliConfig.looksLikeKey(key)) {
            throw new CliFailure("the server at " + url + " created the account but sent no API key; "
                    + "log in to the dashboard and make one, then run llmlab init API_KEY");
        }
        Path file = CliConfig.file(System.getenv());
        try {
            new CliConfig(url, key).write(file);
        } catch (CliFailure e) {
            throw new CliFailure(e.getMessage() + ". The account " + email + " was created: make an API key in the "
                    + "dashboard and run llmlab init API_KEY");
        }
        spec.commandLine().getOut().printf("Signed up as %s on %s (API key %s).%nSaved to %s.%n",
                email, url, CliConfig.mask(key), file);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private char[] password() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password for %s: ", email);
            char[] again = console.readPassword("Repeat it: ");
            if (first == null || again == null) {
                throw new CliFailure("no password given");
            }
            boolean same = Arrays.equals(first, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(first, '\0');
                throw new CliFailure("the two passwords differ; nothing was created");
            }
            return first;
        }
        // not a terminal: the first line of standard input, as scripts pipe it
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            throw new CliFailure("no password: on a terminal it is asked; otherwise give it as the first line of stdin");
        }
        return line.toCharArray();
    }
}

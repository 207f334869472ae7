package dev.llmlab.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code llmlab} command line: pricing and parsing commands that answer at once (they never
 * start the server's framework), and {@code serve} for the team server.
 *
 * <pre>{@code
 * echo '{"provider":"openai","model":"gpt-4o","input_tokens":1200,"output_tokens":300}' | llmlab cost
 * llmlab parse response.json
 * llmlab prices claude
 * llmlab init llm_… --server https://llmlab.example.com
 * llmlab status
 * }</pre>
 */
@Command(name = "llmlab", mixinStandardHelpOptions = true, versionProvider = LlmLabCli.Version.class,
        description = "Know and control what your LLM calls cost.",
        subcommands = {CostCommand.class, ParseCommand.class, PricesCommand.class, ServeCommand.class,
            RepriceCommand.class, InitCommand.class, SignupCommand.class, StatusCommand.class, BudgetsCommand.class,
            AlertsCommand.class})
public final class LlmLabCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting, for tests and embedding.
     *
     * @param args the arguments
     * @return the exit status: 0 success, 1 when a server could not be reached, refused the key or
     *     answered an error, 2 when an input could not be handled or the usage is wrong
     */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LlmLabCli());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("llmlab: " + e.getMessage());
            // a server that cannot be reached, refuses the key or answers an error: 1, as init documents
            return e instanceof CliFailure ? 1 : 2;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LlmLabCli.class.getPackage().getImplementationVersion();
            return new String[] {"llmlab " + (v == null ? "development build" : v)};
        }
    }
}

package dev.llmlab.server.cli;

/** The {@code llmlab} command line. */
public final class LlmLabCli {
    private LlmLabCli() {
    }

    /** @param args the command line */
    public static void main(String[] args) {
        System.exit(0);
    }
}

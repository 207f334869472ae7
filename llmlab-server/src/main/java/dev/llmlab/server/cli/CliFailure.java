package dev.llmlab.server.cli;

/**
 * Why a command that talks to a server could not do its work — the server is unreachable, refused
 * the key, or answered an error — in words a person can act on. {@link LlmLabCli} prints the message
 * and exits with status 1. The message never holds an API key (at most its prefix).
 */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and, where it helps, what to do */
    CliFailure(String message) {
        super(message, null, false, false);
    }
}

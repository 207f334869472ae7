package dev.llmlab.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the CLI prints: one compact JSON object per line, flushed at once, so that a script reading
 * the pipe sees each result as soon as it is made.
 */
final class JsonLinesOut {
    /** The CLI's mapper: compact output, keys in the order they were put. */
    static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;

    JsonLinesOut(CommandSpec spec) {
        this.out = spec.commandLine().getOut();
    }

    /** @return a new, empty line */
    static ObjectNode line() {
        return JSON.createObjectNode();
    }

    /**
     * @param line the object to print as one line
     * @throws JsonProcessingException never for a tree of plain values
     */
    void print(ObjectNode line) throws JsonProcessingException {
        out.println(JSON.writeValueAsString(line));
        out.flush();
    }
}

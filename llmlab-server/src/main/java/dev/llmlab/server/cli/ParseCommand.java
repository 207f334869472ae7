package dev.llmlab.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.core.usage.UsageRecords;
import dev.llmlab.server.http.JsonTrees;
import dev.llmlab.spi.LlmLabException;
import dev.llmlab.spi.Usage;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llmlab parse}: normalizes provider responses (JSON bodies or streamed SSE transcripts),
 * one JSON line per input. Exit status 2 when an input has no usage or is malformed.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Normalizes provider responses into LLMlab's usage vocabulary.",
            "Each FILE (or stdin) holds one response body: JSON, or a streamed (server-sent events) transcript.",
            "Prints one JSON line per input; exit status 2 when an input has no usage or is malformed."})
final class ParseCommand implements Callable<Integer> {
    /** Larger inputs are refused rather than read into memory. */
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    @Option(names = "--provider", paramLabel = "NAME",
            description = "The provider (openai, anthropic, google, cohere) or the host that served the call (bedrock,"
                    + " vertex_ai, azure); the provider is detected from the body when omitted.")
    String provider;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model the request named; needed for Cohere, whose bodies carry no model name.")
    String model;

    @Mixin
    InOut io;

    @Override
    public Integer call() throws IOException {
        ProviderRegistry registry = ProviderRegistry.loadDefault();
        for (InOut.Input input : io.inputs()) {
            ObjectNode line;
            try {
                line = usageLine(registry, input.bytes(MAX_BODY_BYTES));
            } catch (LlmLabException | IOException e) {
                line = InOut.line();
                line.put("file", input.name());
                line.put("error", e.getMessage());
            }
            io.print(line);
        }
        return io.exitStatus();
    }

    private ObjectNode usageLine(ProviderRegistry registry, byte[] body) {
        Usage u = provider == null ? registry.parse(body) : registry.parse(provider, body);
        if (model != null) {
            u = u.withModel(model);
        }
        ObjectNode line = InOut.line();
        UsageRecords.writeUsage(u, JsonTrees.writer(line), true);
        return line;
    }
}

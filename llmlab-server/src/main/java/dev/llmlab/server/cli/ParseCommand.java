package dev.llmlab.server.cli;

import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.LlmLabException;
import dev.llmlab.spi.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
            description = "The provider (openai, anthropic, google, cohere); detected from the body when omitted.")
    String provider;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model the request named; needed for Cohere, whose bodies carry no model name.")
    String model;

    @Parameters(paramLabel = "FILE", description = "Response bodies, one per file; stdin when none.")
    List<Path> files = List.of();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ProviderRegistry registry = ProviderRegistry.loadDefault();
        PrintWriter out = spec.commandLine().getOut();
        boolean ok = true;
        List<Path> inputs = files.isEmpty() ? java.util.Arrays.asList((Path) null) : files; // null: stdin
        for (Path file : inputs) {
            String name = file == null ? "-" : file.toString();
            Map<String, Object> line;
            try {
                byte[] body = file == null ? readLimited(System.in, name) : readFile(file);
                line = usageLine(registry, body);
            } catch (LlmLabException | IOException e) {
                line = new LinkedHashMap<>();
                line.put("file", name);
                line.put("error", e.getMessage());
                ok = false;
            }
            out.println(CostCommand.JSON.writeValueAsString(line));
            out.flush();
        }
        return ok ? 0 : 2;
    }

    private Map<String, Object> usageLine(ProviderRegistry registry, byte[] body) {
        Usage u = provider == null ? registry.parse(body) : registry.parse(provider, body);
        if (model != null) {
            u = u.withModel(model);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("provider", u.provider());
        line.put("model", u.model());
        line.put("input_tokens", u.inputTokens());
        line.put("cache_read_tokens", u.cacheReadTokens());
        line.put("cache_write_tokens", u.cacheWriteTokens());
        line.put("cache_write_1h_tokens", u.cacheWrite1hTokens());
        line.put("output_tokens", u.outputTokens());
        line.put("reasoning_tokens", u.reasoningTokens().isPresent() ? u.reasoningTokens().getAsLong() : null);
        if (u.inputAudioTokens() > 0) {
            line.put("input_audio_tokens", u.inputAudioTokens());
        }
        if (u.outputAudioTokens() > 0) {
            line.put("output_audio_tokens", u.outputAudioTokens());
        }
        if (u.webSearchRequests() > 0) {
            line.put("web_search_requests", u.webSearchRequests());
        }
        return line;
    }

    private static byte[] readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return readLimited(in, file.toString());
        }
    }

    private static byte[] readLimited(InputStream in, String name) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new IOException(name + " is larger than " + MAX_BODY_BYTES + " bytes; one response body expected");
        }
        return body;
    }
}

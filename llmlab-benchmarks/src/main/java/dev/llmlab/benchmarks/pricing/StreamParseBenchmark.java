package dev.llmlab.benchmarks.pricing;

import dev.llmlab.core.providers.ProviderRegistry;
import dev.llmlab.spi.ProviderAdapter;
import dev.llmlab.spi.Usage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does reading the usage of a streamed response take? A 300-chunk transcript (about
 * 90 KB for OpenAI, 60 KB for Anthropic), as the providers send it, read in place.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class StreamParseBenchmark {
    private static final int CHUNKS = 300;
    private static final String[] WORDS = "Here is a concise summary of the quarterly report . Revenue grew 12 % year"
            .split(" ");

    private ProviderAdapter openAi;
    private ProviderAdapter anthropic;
    private byte[] openAiStream;
    private byte[] anthropicStream;

    /** Loads the adapters and writes the transcripts once. */
    @Setup
    public void setup() {
        ProviderRegistry registry = ProviderRegistry.loadDefault();
        openAi = registry.adapter("openai").orElseThrow();
        anthropic = registry.adapter("anthropic").orElseThrow();
        openAiStream = openAiTranscript();
        anthropicStream = anthropicTranscript();
        if (openAi.parse(openAiStream).outputTokens() != CHUNKS
                || anthropic.parse(anthropicStream).outputTokens() != CHUNKS) {
            throw new IllegalStateException("benchmark transcripts must carry their usage");
        }
    }

    /** Chat Completions chunks with stream_options.include_usage: usage in the last chunk. */
    static byte[] openAiTranscript() {
        String head = "{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1741570283,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_fc9f1d7035\",";
        StringBuilder s = new StringBuilder();
        s.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        for (int i = 0; i < CHUNKS; i++) {
            s.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\" ")
                    .append(WORDS[i % WORDS.length])
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        }
        s.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
        s.append("data: ").append(head)
                .append("\"choices\":[],\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":").append(CHUNKS)
                .append(",\"total_tokens\":").append(1117 + CHUNKS)
                .append(",\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n");
        s.append("data: [DONE]\n\n");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Messages API events: message_start, content deltas, message_delta with the final usage. */
    static byte[] anthropicTranscript() {
        StringBuilder s = new StringBuilder();
        s.append("event: message_start\ndata: {\"type\":\"message_start\","
                + "\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":2095,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":1800,\"output_tokens\":1}}}\n\n");
        s.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (int i = 0; i < CHUNKS; i++) {
            s.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\" ").append(WORDS[i % WORDS.length])
                    .append("\"}}\n\n");
        }
        s.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        s.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":").append(CHUNKS).append("}}\n\n");
        s.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the usage of a 300-chunk OpenAI chat completion stream */
    @Benchmark
    public Usage openAiChatStream() {
        return openAi.parse(openAiStream);
    }

    /** @return the usage of a 300-delta Anthropic message stream */
    @Benchmark
    public Usage anthropicMessageStream() {
        return anthropic.parse(anthropicStream);
    }
}

package dev.llmlab.provider.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A provider's golden response files, real bodies and transcripts kept under the provider module's
 * {@code src/test/resources/<provider>/}; and every provider's, for tests that feed one adapter
 * the others' bodies too. Paths are relative to the module under test, where Maven runs its tests.
 *
 * <pre>{@code
 * static final GoldenFiles FILES = GoldenFiles.of("anthropic");
 * byte[] body = FILES.bytes("message_plain.json");
 * }</pre>
 */
public final class GoldenFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private GoldenFiles(Path dir) {
        this.dir = dir;
    }

    /**
     * @param provider the folder under {@code src/test/resources}, e.g. {@code "openai"}
     * @return that provider's golden files
     */
    public static GoldenFiles of(String provider) {
        return new GoldenFiles(Path.of("src", "test", "resources", provider));
    }

    /**
     * @param name a file's name
     * @return its bytes
     * @throws UncheckedIOException when it cannot be read
     */
    public byte[] bytes(String name) {
        try {
            return Files.readAllBytes(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name a file's name
     * @return its text, UTF-8
     */
    public String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /**
     * @param name a file's name, a JSON object
     * @param member a top-level member
     * @return the file without that member, as JSON
     */
    public byte[] without(String name, String member) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(bytes(name));
            body.remove(member);
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name a file's name
     * @param field a count's name, e.g. {@code "input_tokens"}
     * @param value what to write instead of its first value, as JSON text, e.g. {@code "-5"}
     * @return the file with that count's first value replaced
     */
    public byte[] withCount(String name, String field, String value) {
        String json = text(name).replaceFirst("\"" + field + "\": *\\d+", "\"" + field + "\": " + value);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the names of every file, sorted */
    public List<String> names() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every provider's golden files (JSON bodies, JSON lines and streams, price lists left out),
     * found in the provider modules beside the one under test.
     *
     * @return the files, in path order
     */
    public static List<Path> pathsOfAllProviders() {
        Path providers = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(providers)) {
            List<Path> paths = files.filter(GoldenFiles::isGoldenFile).sorted().collect(Collectors.toList());
            assertThat(paths).as("golden files under %s", providers).hasSizeGreaterThan(50);
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the bytes of {@link #pathsOfAllProviders()}, in path order */
    public static List<byte[]> bytesOfAllProviders() {
        List<byte[]> bodies = new ArrayList<>();
        for (Path f : pathsOfAllProviders()) {
            try {
                bodies.add(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bodies;
    }

    private static boolean isGoldenFile(Path f) {
        String path = f.toString();
        String name = f.getFileName().toString();
        return path.contains("src" + File.separator + "test" + File.separator + "resources")
                && !name.equals("prices.json") && (name.endsWith(".json") || name.endsWith(".jsonl")
                        || name.endsWith(".sse") || name.endsWith(".txt"));
    }
}

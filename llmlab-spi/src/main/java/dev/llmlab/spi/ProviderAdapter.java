package dev.llmlab.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one provider's responses into normalized {@link Usage} and contributes that provider's
 * price list. Implementations are found with {@link java.util.ServiceLoader}: a provider jar
 * lists its adapter in {@code META-INF/services/dev.llmlab.spi.ProviderAdapter} and declares
 * {@code provides dev.llmlab.spi.ProviderAdapter with ...} in its module descriptor.
 *
 * <h2>Specification for implementors</h2>
 * <ul>
 *   <li>Implementations are immutable and thread-safe, with a public no-argument constructor.</li>
 *   <li>{@link #provider()} is unique among the adapters on a class path; two adapters claiming
 *       one name is a configuration error that LLMlab reports.</li>
 *   <li>{@link #parse(byte[])} maps the provider's counts onto the normalized vocabulary (see
 *       {@link Usage}); it never returns zeros for a body that carries no usage: it throws
 *       {@link UsageParseException} saying what was missing. Any other exception it throws is a
 *       bug that LLMlab contains and reports as a {@link UsageParseException}.</li>
 *   <li>{@link #recognizes(byte[])} is cheap and has no side effects.</li>
 * </ul>
 *
 * <pre>{@code
 * public final class AcmeAdapter implements ProviderAdapter {
 *     public String provider() { return "acme"; }
 *     public boolean recognizes(byte[] body) { ... }
 *     public Usage parse(byte[] body) { ... }
 *     public Optional<InputStream> openPriceList() {
 *         return Optional.ofNullable(AcmeAdapter.class.getResourceAsStream("prices.json"));
 *     }
 * }
 * }</pre>
 */
public interface ProviderAdapter {

    /**
     * @return the provider's canonical name: lower case, e.g. {@code "openai"}, {@code "google"}
     */
    String provider();

    /**
     * @return other names users give this provider (e.g. {@code "gemini"} for {@code "google"});
     *     lower case; empty by default
     */
    default Set<String> aliases() {
        return Set.of();
    }

    /**
     * Tells whether a response body looks like this provider's: a JSON body or a streamed
     * (server-sent events) transcript. Used to detect the provider when the caller does not say.
     *
     * @param body the raw response body, UTF-8; not null
     * @return true when this adapter should parse the body
     */
    boolean recognizes(byte[] body);

    /**
     * Reads the usage of one response: a JSON body, or a streamed transcript whose usage arrives
     * in its last events.
     *
     * @param body the raw response body, UTF-8; not null
     * @return the normalized usage, never null
     * @throws UsageParseException when the body is malformed, an error body, or carries no usage
     */
    Usage parse(byte[] body);

    /**
     * Same as {@link #parse(byte[])} for a body held as a string.
     *
     * @param body the response body; not null
     * @return the normalized usage
     * @throws UsageParseException when the body is malformed, an error body, or carries no usage
     */
    default Usage parse(String body) {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the usage from a response object the caller already has: a provider SDK's response
     * type, or a parsed JSON tree. The default knows no object types.
     *
     * @param response a response object; not null
     * @return the usage, or empty when this adapter does not know the object's type
     * @throws UsageParseException when the object is of a known type but carries no usage
     */
    default Optional<Usage> usageOf(Object response) {
        return Optional.empty();
    }

    /**
     * Opens this provider's price list, in LLMlab's price-file JSON format (documented in the
     * README). The caller closes the stream.
     *
     * @return the price list, or empty when this adapter ships none
     * @throws IOException when the resource cannot be read
     */
    default Optional<InputStream> openPriceList() throws IOException {
        return Optional.empty();
    }

    /**
     * The hosts that serve this provider's models with response bodies of this provider's shape
     * and bill them at their own rates: another company's platform, such as {@code "bedrock"}
     * (Amazon Bedrock) or {@code "vertex_ai"} (Google Vertex AI) for Anthropic's models. A host is
     * named like a provider (lower case) and may be declared by several adapters (Vertex AI serves
     * Anthropic's and Google's models); a body parsed for a host is read by the adapter that
     * recognises it and its usage names the host as its provider. A host name or alias must not
     * be any adapter's provider name or alias. Empty by default.
     *
     * @return each host's canonical name mapped to its other names (lower case); not null
     */
    default Map<String, Set<String>> hosts() {
        return Map.of();
    }

    /**
     * Opens the price list of this provider's models as a host bills them, in LLMlab's price-file
     * format with the host as the file's provider. The caller closes the stream.
     *
     * @param host a canonical host name from {@link #hosts()}; not null
     * @return the host's price list for this provider's models, or empty when this adapter ships none
     * @throws IOException when the resource cannot be read
     */
    default Optional<InputStream> openHostPriceList(String host) throws IOException {
        return Optional.empty();
    }
}

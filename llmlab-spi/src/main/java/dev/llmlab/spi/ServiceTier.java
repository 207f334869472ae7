package dev.llmlab.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * The service tier a provider billed a call at: the same tokens cost more or less depending on how
 * the provider served them. A usage that does not say is {@link #STANDARD}.
 *
 * <p>The tier is the one the provider's <em>response</em> reports, not the one the request asked
 * for: OpenAI answers a request for {@code flex} with {@code "service_tier": "default"} when it
 * served the call at standard speed and price.
 */
public enum ServiceTier {
    /** The provider's default, on-demand rates (OpenAI {@code default}, Anthropic {@code standard}). */
    STANDARD("standard"),
    /** Asynchronous batch processing, usually half the standard rates. */
    BATCH("batch"),
    /** Slower, interruptible processing at lower rates (OpenAI and Gemini {@code flex}). */
    FLEX("flex"),
    /** Faster, more reliable processing at higher rates (OpenAI, Anthropic and Gemini {@code priority}). */
    PRIORITY("priority");

    private static final ServiceTier[] VALUES = values();
    private final String wireName;

    ServiceTier(String wireName) {
        this.wireName = wireName;
    }

    /** @return the name in LLMlab's usage record and price files: {@code standard}, {@code batch}, {@code flex}, {@code priority} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param name a tier's name as the usage record writes it, any case, surrounding blanks ignored; not null
     * @return the tier, or null when the name is none of {@code standard}, {@code batch}, {@code flex},
     *     {@code priority}
     */
    public static ServiceTier fromWireName(String name) {
        Objects.requireNonNull(name, "name");
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (ServiceTier t : VALUES) {
            if (t.wireName.equals(n)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}

package dev.llmlab.server.recommend;

import java.util.List;
import java.util.Optional;

/**
 * The pairs of {@code cheaper_model}: for a model, a smaller model of the same provider and family
 * that handles short, simple calls for a fraction of the price. Quality is not compared here: the
 * recommendation says so, and the user must check it on their own calls.
 *
 * <p>Names are the catalog's canonical model names ({@code priced_as} of an event); a test keeps
 * every pair resolvable in the built-in catalog.
 */
public final class CheaperModels {
    /**
     * One pair.
     *
     * @param provider the canonical provider name
     * @param model the model the calls used
     * @param cheaper the smaller model of the same family
     */
    public record Pair(String provider, String model, String cheaper) {
    }

    /** Every pair, in the order of the providers' model families. */
    public static final List<Pair> PAIRS = List.of(
            new Pair("openai", "gpt-4o", "gpt-4o-mini"),
            new Pair("openai", "gpt-4.1", "gpt-4.1-mini"),
            new Pair("openai", "gpt-4.1-mini", "gpt-4.1-nano"),
            new Pair("openai", "gpt-5", "gpt-5-mini"),
            new Pair("openai", "gpt-5-mini", "gpt-5-nano"),
            new Pair("anthropic", "claude-opus-4-1", "claude-sonnet-4-5"),
            new Pair("anthropic", "claude-sonnet-4-5", "claude-haiku-4-5"),
            new Pair("google", "gemini-2.5-pro", "gemini-2.5-flash"),
            new Pair("google", "gemini-2.5-flash", "gemini-2.5-flash-lite"));

    private CheaperModels() {
    }

    /**
     * @param provider the canonical provider name
     * @param model the canonical model name
     * @return the smaller model of the same family, or empty when the table has none
     */
    public static Optional<String> cheaperThan(String provider, String model) {
        return PAIRS.stream().filter(p -> p.provider().equals(provider) && p.model().equals(model))
                .map(Pair::cheaper).findFirst();
    }
}

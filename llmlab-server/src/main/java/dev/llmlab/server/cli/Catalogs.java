package dev.llmlab.server.cli;

import dev.llmlab.core.pricing.PriceCatalog;
import dev.llmlab.core.pricing.PriceSource;
import dev.llmlab.server.ServerHome;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the price catalog the CLI prices with: built-in lists, then the user's overrides — a file,
 * or an {@code https://} URL downloaded once (its last good copy in {@code $LLMLAB_HOME/prices-cache}
 * is used when the download fails; with none, the command fails).
 */
final class Catalogs {
    /** Environment variable naming a price override file or URL, used when no --prices is given. */
    static final String PRICES_ENV = ServerHome.PRICES_VARIABLE;
    /** A URL given to a {@code Path} option: the path keeps {@code https:/host/…} with one slash. */
    private static final Pattern URL_AS_PATH = Pattern.compile("(?i)(https?):/+(.+)");

    private Catalogs() {
    }

    /**
     * @param overrides a price file or URL given on the command line, or null
     * @return the built-in catalog with its prices (or those of $LLMLAB_PRICES) applied
     * @throws dev.llmlab.core.pricing.PriceFileException when the file is missing or malformed, or
     *     the URL can be neither downloaded nor found among the kept copies
     * @throws IllegalArgumentException when the URL is not one LLMlab downloads
     */
    static PriceCatalog load(Path overrides) {
        return withOverrides(PriceCatalog.loadDefault(), configured(overrides));
    }

    /**
     * @param overrides {@code --prices}, or null
     * @return {@code --prices}, else {@code $LLMLAB_PRICES}, else null
     */
    static PriceSource configured(Path overrides) {
        if (overrides != null) {
            return source(overrides);
        }
        return ServerHome.fromEnvironment().pricesSource();
    }

    /**
     * @param base the catalog; not null
     * @param source a price file or URL, or null
     * @return the catalog with the source applied: a file exactly as {@link PriceCatalog#fromFile}
     *     reads it, a URL downloaded once
     */
    static PriceCatalog withOverrides(PriceCatalog base, PriceSource source) {
        if (source == null) {
            return base;
        }
        if (!source.isUrl()) {
            return base.withOverrides(PriceCatalog.fromFile(source.path().orElseThrow()));
        }
        return ServerHome.fromEnvironment().once(base, source);
    }

    /**
     * @param option a {@code Path} option's value, which may hold a URL ({@code --prices https://…})
     * @return the URL it was typed as, or the file
     */
    static PriceSource source(Path option) {
        Matcher m = URL_AS_PATH.matcher(option.toString());
        return m.matches() ? PriceSource.parse(m.group(1) + "://" + m.group(2)) : PriceSource.file(option);
    }
}

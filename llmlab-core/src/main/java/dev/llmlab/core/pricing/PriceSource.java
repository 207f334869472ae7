package dev.llmlab.core.pricing;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a price file in LLMlab's format comes from: a local file, or an {@code https://} URL that
 * {@link PriceRefresher} downloads and refreshes. Immutable.
 *
 * <p>URLs must be {@code https://}. Plain {@code http://} is accepted only for a loopback host
 * ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}), so that a price file served on the same
 * machine (a sidecar, a test) needs no certificate while prices never cross a network unencrypted.
 * A URL with credentials in it ({@code https://user:pass@host/…}) is refused: they would be
 * logged, and the JDK's client does not send them.
 *
 * <pre>{@code
 * PriceSource.parse(System.getenv("LLMLAB_PRICES"));          // a path or a URL
 * PriceSource.url(URI.create("https://prices.example.com/llmlab.json"));
 * PriceSource.file(Path.of("my-prices.json"));
 * }</pre>
 */
public final class PriceSource {
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final Path path;
    private final URI uri;

    private PriceSource(Path path, URI uri) {
        this.path = path;
        this.uri = uri;
    }

    /**
     * @param file a price file; not null
     * @return the source reading that file
     */
    public static PriceSource file(Path file) {
        return new PriceSource(Objects.requireNonNull(file, "file"), null);
    }

    /**
     * @param url an {@code https://} URL, or {@code http://} to a loopback host; not null
     * @return the source downloading that URL
     * @throws IllegalArgumentException when the URL has another scheme, no host, credentials, or is
     *     plain {@code http://} to a host that is not loopback; the message names the URL
     */
    public static PriceSource url(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost();
        if (!scheme.equals("https") && !scheme.equals("http") || host == null || host.isEmpty()) {
            throw new IllegalArgumentException("price file URL " + url + ": expected https://host/path");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("price file URL " + scheme + "://" + host + "/…: credentials in the URL"
                    + " are not supported; serve the file without them, or download it and give the file");
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            throw new IllegalArgumentException("price file URL " + url + ": plain http:// is accepted only for"
                    + " localhost, 127.0.0.1 or [::1]; use https:// for any other host");
        }
        return new PriceSource(null, url.normalize());
    }

    /**
     * Reads a source as a user writes it ({@code LLMLAB_PRICES}, {@code --prices}): text starting
     * with {@code https://} or {@code http://} is a URL, anything else a file path.
     *
     * @param text a path or a URL; not null or blank
     * @return the source
     * @throws IllegalArgumentException when the text is blank or an unusable URL (see
     *     {@link #url(URI)})
     */
    public static PriceSource parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("price file: expected a file path or an https:// URL, got a blank value");
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            try {
                return url(new URI(t));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("price file URL " + t + ": not a valid URL: " + e.getReason(), e);
            }
        }
        return file(Path.of(t));
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || LOOPBACK_V4.matcher(h).matches();
    }

    /** @return true for a URL, false for a file */
    public boolean isUrl() {
        return uri != null;
    }

    /** @return the file, or empty for a URL */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** @return the URL, or empty for a file */
    public Optional<URI> uri() {
        return Optional.ofNullable(uri);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriceSource && Objects.equals(((PriceSource) o).path, path)
                && Objects.equals(((PriceSource) o).uri, uri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, uri);
    }

    /**
     * @return the file's path, or the URL without its query (shown as {@code ?…}: a signed URL's
     *     query is a credential), as messages and logs show the source
     */
    @Override
    public String toString() {
        if (path != null) {
            return path.toString();
        }
        String s = uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return uri.getRawQuery() == null ? s : s + "?…";
    }
}

package dev.llmlab.server.cli;

import dev.llmlab.server.db.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The CLI's configuration, {@code $LLMLAB_HOME/config} ({@code LLMLAB_HOME} defaults to
 * {@code ~/.llmlab}): which server the commands talk to and with which API key, written by
 * {@code llmlab init} and {@code llmlab signup}. A Java properties file of two lines:
 *
 * <pre>{@code
 * server=http://localhost:8080
 * api_key=llm_…
 * }</pre>
 *
 * The file is mode 600 and its folder 700; it is replaced atomically (a private temporary file
 * moved into place), so a reader never sees half of it.
 *
 * @param server the server's base URL, without a trailing slash
 * @param apiKey the API key; never printed (see {@link #mask(String)})
 */
record CliConfig(String server, String apiKey) {
    /** The server a command talks to when neither {@code --server} nor the config names one. */
    static final String DEFAULT_SERVER = "http://localhost:8080";
    /** What an LLMlab API key looks like: the prefix and base64url characters. */
    private static final Pattern KEY = Pattern.compile("llm_[A-Za-z0-9_-]{8,200}");

    CliConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    /** @return the key's visible part, never the key */
    @Override
    public String toString() {
        return "CliConfig[server=" + server + ", apiKey=" + mask(apiKey) + "]";
    }

    /**
     * @param env the environment ({@code LLMLAB_HOME})
     * @return the config file's path
     */
    static Path file(Map<String, String> env) {
        String h = env.get("LLMLAB_HOME");
        Path home = h == null || h.isBlank() ? Path.of(System.getProperty("user.home"), ".llmlab") : Path.of(h);
        return home.resolve("config");
    }

    /**
     * @param file the config file
     * @return its settings, or empty when there is no file; a missing setting is null
     * @throws CliFailure when the file cannot be read
     */
    static Optional<Properties> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Properties p = new Properties();
            try (Reader r = new StringReader(text)) {
                p.load(r);
            }
            return Optional.of(p);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new CliFailure("cannot read the config file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Writes the config: creates the folder (700) when missing, then replaces the file atomically
     * with mode 600.
     *
     * @param file where ({@link #file(Map)})
     * @throws CliFailure when it cannot be written; the old file, if any, is then unchanged
     */
    void write(Path file) {
        String text = "# LLMlab CLI configuration, written by llmlab init / llmlab signup\n"
                + "server=" + server + "\n"
                + "api_key=" + apiKey + "\n";
        try {
            PrivateFiles.directory(file.toAbsolutePath().getParent(), "LLMLAB_HOME");
            PrivateFiles.replace(file, text);
        } catch (IOException | RuntimeException e) {
            throw new CliFailure("cannot write the config file " + file + ": " + e.getMessage());
        }
    }

    /**
     * @param key a key as given
     * @return whether it has the shape of an LLMlab API key (so that it can go into a header as is)
     */
    static boolean looksLikeKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /**
     * @param key an API key
     * @return its prefix as the server shows it ({@code llm_} and 8 characters) and an ellipsis
     */
    static String mask(String key) {
        if (key == null) {
            return "(none)";
        }
        return key.length() <= 12 ? "llm_…" : key.substring(0, 12) + "…";
    }

    /**
     * @param url a server URL as given
     * @param where how the user gave it, for the message ({@code --server}, the config file)
     * @return the URL without trailing slashes
     * @throws CliFailure unless it is an http or https URL with a host
     */
    static String server(String url, String where) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            java.net.URI uri = new java.net.URI(u);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // answered below with what was expected
        }
        throw new CliFailure(where + " must be an http:// or https:// URL like " + DEFAULT_SERVER + ", was '" + url + "'");
    }
}

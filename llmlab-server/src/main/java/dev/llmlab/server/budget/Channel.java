package dev.llmlab.server.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.Fields;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where a budget's alerts go: a Slack or Discord incoming webhook ({@code url}), an email address
 * ({@code to}) or a signed webhook ({@code url} and {@code secret}). The URL's path of a Slack or
 * Discord hook is its credential and the webhook secret signs the alerts: both are stored (for the
 * sender) but never answered nor logged; {@link #masked()} shows the URL's scheme and host only.
 *
 * <p>Only the shape is checked here (an http or https URL with a host, lengths, an address);
 * whether a URL may be used (https only, no loopback or private networks) is
 * {@code WebhookTargets}' rule, applied when the budget is saved ({@link BudgetController}) and
 * again before every send.
 *
 * @param type slack, discord, email or webhook
 * @param url the URL (slack, discord, webhook), else null
 * @param to the address (email), else null
 * @param secret the signing secret (webhook), else null
 */
public record Channel(String type, String url, String to, String secret) {
    /** Most channels on one budget. */
    public static final int MAX_CHANNELS = 10;
    /** Longest URL accepted. */
    public static final int MAX_URL = 2048;
    /** Shortest webhook secret: 16 characters. */
    public static final int MIN_SECRET = 16;
    /** Longest webhook secret. */
    public static final int MAX_SECRET = 256;
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "slack", Set.of("type", "url"),
            "discord", Set.of("type", "url"),
            "email", Set.of("type", "to"),
            "webhook", Set.of("type", "url", "secret"));
    // One @, a dot in the domain, no spaces: the mail server has the last word on the rest.
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    /**
     * @param in one element of {@code channels}
     * @param at its index, for the field names of errors ({@code channels[1].url})
     * @return the channel
     * @throws ApiException 400 naming the field at fault
     */
    static Channel from(JsonNode in, int at) {
        String prefix = "channels[" + at + "].";
        if (!in.isObject()) {
            throw ApiException.invalid("channels[" + at + "]", "channels[" + at + "] must be an object like"
                    + " {\"type\":\"slack\",\"url\":\"https://hooks.slack.com/services/…\"}, was " + JsonBodies.kind(in));
        }
        String type = BudgetRequest.under(prefix, () -> Fields.text(in, "type", 20));
        Set<String> known = FIELDS.get(type);
        if (known == null) {
            throw ApiException.invalid(prefix + "type", prefix + "type must be one of " + new TreeSet<>(FIELDS.keySet())
                    + ", was '" + Fields.shorten(type) + "'");
        }
        for (Iterator<String> names = in.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String shown = prefix + Fields.shorten(name);
                throw ApiException.invalid(shown, "unknown field '" + shown + "'; a " + type + " channel takes "
                        + new TreeSet<>(known));
            }
        }
        return switch (type) {
            case "email" -> {
                String to = BudgetRequest.under(prefix, () -> Fields.text(in, "to", 254));
                if (!ADDRESS.matcher(to).matches()) {
                    throw ApiException.invalid(prefix + "to", prefix + "to must be an email address like"
                            + " team@example.com, was '" + Fields.shorten(to) + "'");
                }
                yield new Channel(type, null, to, null);
            }
            case "webhook" -> {
                String url = url(in, prefix);
                String secret = BudgetRequest.under(prefix, () -> Fields.text(in, "secret", MAX_SECRET));
                int length = secret.codePointCount(0, secret.length());
                if (length < MIN_SECRET) {
                    // The length only: the secret itself is never echoed.
                    throw ApiException.invalid(prefix + "secret", prefix + "secret must be at least " + MIN_SECRET
                            + " characters, had " + length);
                }
                yield new Channel(type, url, null, secret);
            }
            default -> new Channel(type, url(in, prefix), null, null);
        };
    }

    private static String url(JsonNode in, String prefix) {
        String field = prefix + "url";
        String text = BudgetRequest.under(prefix, () -> Fields.text(in, "url", MAX_URL));
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        // Neither the URL nor its path is echoed: the path of a Slack or Discord hook is its credential.
        // http passes the shape; WebhookTargets takes it only where private targets are allowed.
        if (uri == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw ApiException.invalid(field, field + " must be an https URL with a host and no user"
                    + " information, like https://hooks.slack.com/services/… (http only where private webhooks are"
                    + " allowed)");
        }
        return text;
    }

    /** @return the channel as stored, secrets included: never to be answered or logged */
    ObjectNode toStored() {
        ObjectNode o = JsonBodies.object();
        o.put("type", type);
        if (url != null) {
            o.put("url", url);
        }
        if (to != null) {
            o.put("to", to);
        }
        if (secret != null) {
            o.put("secret", secret);
        }
        return o;
    }

    /** @return the channel as answered: the URL as its scheme and host, no secret */
    public ObjectNode masked() {
        ObjectNode o = JsonBodies.object();
        o.put("type", type);
        if (url != null) {
            URI uri = URI.create(url);
            o.put("url", uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + "/…");
        }
        if (to != null) {
            o.put("to", to);
        }
        if (secret != null) {
            o.put("secret", "…");
        }
        return o;
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return masked().toString();
    }
}

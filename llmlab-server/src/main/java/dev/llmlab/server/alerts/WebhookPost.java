package dev.llmlab.server.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs a JSON body to a webhook: the target checked (again) right before the request, 5 s to
 * connect, 10 s for the answer, redirects not followed (a redirect could lead anywhere, past the
 * target check), at most 1 KiB of the answer read, for the error message.
 */
final class WebhookPost {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final int READ_AT_MOST = 1024;

    private WebhookPost() {
    }

    /**
     * @param targets the target rules
     * @param url the webhook URL (holds a token: never put in a message)
     * @param body the JSON body
     * @param headers extra headers
     * @return delivered on 2xx; failed otherwise, permanently when the target is refused
     */
    static Delivery post(WebhookTargets targets, String url, byte[] body, Map<String, String> headers) {
        URI uri;
        try {
            uri = URI.create(url);
            targets.check(uri);
        } catch (WebhookTargets.Refused e) {
            return new Delivery.Failed(null, e.getMessage(), true);
        } catch (IllegalArgumentException | NullPointerException e) {
            return new Delivery.Failed(null, "the channel's URL is not a URL", true);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "llmlab-alerts")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<InputStream> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer;
            try (InputStream in = r.body()) {
                answer = in.readNBytes(READ_AT_MOST);
            }
            if (r.statusCode() / 100 == 2) {
                return new Delivery.Delivered(r.statusCode());
            }
            String text = new String(answer, StandardCharsets.UTF_8).strip();
            return new Delivery.Failed(r.statusCode(), "HTTP " + r.statusCode()
                    + (text.isEmpty() ? "" : ": " + oneLine(text)), false);
        } catch (IOException e) {
            return new Delivery.Failed(null, "no answer from " + uri.getHost() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + oneLine(e.getMessage())), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Failed(null, "interrupted while sending", false);
        }
    }

    /** @return printable, on one line, at most 200 characters */
    static String oneLine(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return s.length() > 200 ? sb + "…" : sb.toString();
    }
}

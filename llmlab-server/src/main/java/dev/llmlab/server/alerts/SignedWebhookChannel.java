package dev.llmlab.server.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic webhook: the alert's stored payload as the body, byte for byte the same on every
 * retry, with {@code X-LLMlab-Alert-Id} (the same on every retry, for the receiver's deduplication)
 * and {@code X-LLMlab-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}. A
 * receiver recomputes the HMAC over the raw body and refuses a {@code t} older than a few minutes,
 * so a captured request cannot be replayed later.
 */
final class SignedWebhookChannel implements AlertChannel {
    private final WebhookTargets targets;
    private final Clock clock;

    SignedWebhookChannel(WebhookTargets targets, Clock clock) {
        this.targets = targets;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Delivery send(Alert alert, ChannelConfig channel) {
        if (channel.secret() == null || channel.secret().isEmpty()) {
            return new Delivery.Failed(null, "the webhook channel has no secret to sign with", true);
        }
        byte[] body = alert.payload().getBytes(StandardCharsets.UTF_8);
        long t = clock.instant().getEpochSecond();
        return WebhookPost.post(targets, channel.url(), body, Map.of(
                "X-LLMlab-Alert-Id", alert.id().toString(),
                "X-LLMlab-Signature", "t=" + t + ",v1=" + sign(channel.secret(), t, body)));
    }

    /**
     * @param secret the channel's secret
     * @param t the unix time in seconds
     * @param body the raw body
     * @return hex HMAC-SHA256(secret, t + "." + body)
     */
    static String sign(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

package dev.llmlab.server.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How alerts are delivered: where their links point, the SMTP server, whether private webhook
 * targets are allowed, and the retry schedule of the outbox sender.
 *
 * <p>The schedule: a failed attempt is tried again after an exponential, randomised interval
 * ({@code firstRetry}, doubling, ±50 %, at most {@code maxRetry}); a delivery still failing
 * {@code retryWindow} after it was created is marked {@code failed}. A sender claims a delivery for
 * {@code lease} before sending, so an instance that dies mid-send leaves it to another after that.
 *
 * <pre>{@code
 * AlertSettings settings = AlertSettings.fromEnvironment(System.getenv());
 * }</pre>
 *
 * @param publicUrl the dashboard's base URL for links in alerts ({@code LLMLAB_PUBLIC_URL}), or null
 * @param smtpUrl {@code smtp://user:pass@host:port} or {@code smtps://…} ({@code LLMLAB_SMTP_URL}),
 *     or null when e-mail is not configured; holds a password, never logged
 * @param smtpFrom the sender address of alert e-mail ({@code LLMLAB_SMTP_FROM}), or null
 * @param allowPrivateWebhooks true allows loopback, private and link-local webhook targets and plain
 *     {@code http} ({@code LLMLAB_ALLOW_PRIVATE_WEBHOOKS=true}); false (the default) refuses them
 * @param sending true when this instance delivers alerts from the outbox
 * @param firstRetry the first retry interval before randomisation
 * @param maxRetry the longest retry interval
 * @param retryWindow how long after its creation a delivery is still tried
 * @param lease how long a claimed delivery is left to the instance sending it
 */
public record AlertSettings(URI publicUrl, String smtpUrl, String smtpFrom, boolean allowPrivateWebhooks,
        boolean sending, Duration firstRetry, Duration maxRetry, Duration retryWindow, Duration lease) {
    /** Retries from 10 s doubling to 1 h for 24 h, a 2 min lease, no e-mail, public targets only. */
    public static final AlertSettings DEFAULT = new AlertSettings(null, null, null, false, true,
            Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24), Duration.ofMinutes(2));

    /** Checks the durations. */
    public AlertSettings {
        positive(firstRetry, "firstRetry");
        positive(maxRetry, "maxRetry");
        positive(retryWindow, "retryWindow");
        positive(lease, "lease");
        if (publicUrl != null && !"https".equals(publicUrl.getScheme()) && !"http".equals(publicUrl.getScheme())) {
            throw new IllegalArgumentException("LLMLAB_PUBLIC_URL must be an http or https URL, was " + publicUrl);
        }
    }

    /**
     * @param env the environment ({@code LLMLAB_PUBLIC_URL}, {@code LLMLAB_SMTP_URL},
     *     {@code LLMLAB_SMTP_FROM}, {@code LLMLAB_ALLOW_PRIVATE_WEBHOOKS})
     * @return the default schedule with the environment's settings
     * @throws IllegalArgumentException naming the variable that is wrong and what was expected
     */
    public static AlertSettings fromEnvironment(Map<String, String> env) {
        String url = blankToNull(env.get("LLMLAB_PUBLIC_URL"));
        URI publicUrl;
        try {
            publicUrl = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LLMLAB_PUBLIC_URL is not a URL; expected e.g. https://llmlab.example.com");
        }
        String smtp = blankToNull(env.get("LLMLAB_SMTP_URL"));
        if (smtp != null) {
            SmtpChannel.Server.parse(smtp); // a wrong setting is reported at start, not at the first alert
        }
        String allow = blankToNull(env.get("LLMLAB_ALLOW_PRIVATE_WEBHOOKS"));
        if (allow != null && !allow.equals("true") && !allow.equals("false")) {
            throw new IllegalArgumentException("LLMLAB_ALLOW_PRIVATE_WEBHOOKS must be true or false, was " + allow);
        }
        return new AlertSettings(publicUrl, smtp, blankToNull(env.get("LLMLAB_SMTP_FROM")), "true".equals(allow),
                DEFAULT.sending, DEFAULT.firstRetry, DEFAULT.maxRetry, DEFAULT.retryWindow, DEFAULT.lease);
    }

    /** @return these settings allowing or refusing private webhook targets */
    public AlertSettings withAllowPrivateWebhooks(boolean value) {
        return new AlertSettings(publicUrl, smtpUrl, smtpFrom, value, sending, firstRetry, maxRetry, retryWindow, lease);
    }

    /** @return these settings with this instance delivering alerts from the outbox, or not */
    public AlertSettings withSending(boolean value) {
        return new AlertSettings(publicUrl, smtpUrl, smtpFrom, allowPrivateWebhooks, value, firstRetry, maxRetry,
                retryWindow, lease);
    }

    /** @return these settings with another retry schedule */
    public AlertSettings withSchedule(Duration first, Duration max, Duration window, Duration leaseFor) {
        return new AlertSettings(publicUrl, smtpUrl, smtpFrom, allowPrivateWebhooks, sending, first, max, window,
                leaseFor);
    }

    /** @return these settings with another public URL and SMTP server */
    public AlertSettings withLinksAndMail(URI url, String smtp, String from) {
        return new AlertSettings(url, smtp, from, allowPrivateWebhooks, sending, firstRetry, maxRetry, retryWindow,
                lease);
    }

    /** Keeps the SMTP password out of logs and exception messages. */
    @Override
    public String toString() {
        return "AlertSettings[publicUrl=" + publicUrl + ", smtp=" + (smtpUrl == null ? "none" : "set")
                + ", smtpFrom=" + smtpFrom + ", allowPrivateWebhooks=" + allowPrivateWebhooks + ", sending=" + sending
                + ", firstRetry=" + firstRetry + ", maxRetry=" + maxRetry + ", retryWindow=" + retryWindow
                + ", lease=" + lease + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + d);
        }
    }
}

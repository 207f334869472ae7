package dev.llmlab.server.alerts;

import dev.llmlab.server.ServerConfig;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The channels alerts go out through, by type, with the server's alert settings. */
@Singleton
public final class AlertChannels {
    private final Map<String, AlertChannel> byType;

    /** @param config the server's configuration (its {@link AlertSettings}) */
    public AlertChannels(ServerConfig config) {
        AlertSettings settings = config.alerts();
        WebhookTargets targets = WebhookTargets.of(settings);
        this.byType = List.of(new SlackChannel(targets, settings), new DiscordChannel(targets, settings),
                        new SmtpChannel(settings), new SignedWebhookChannel(targets, Clock.systemUTC()))
                .stream().collect(Collectors.toUnmodifiableMap(AlertChannel::type, Function.identity()));
    }

    /**
     * Sends an alert through one channel; a fault of the channel's code is a failed attempt, not an
     * exception, so one bad delivery never stalls the others.
     *
     * @param alert the alert
     * @param channel the budget's channel entry, or null when it no longer exists
     * @param expectedType the channel type the delivery was created for, or null to accept any
     * @return the outcome
     */
    public Delivery send(Alert alert, ChannelConfig channel, String expectedType) {
        if (channel == null) {
            return new Delivery.Failed(null, "the channel was removed from the budget", true);
        }
        if (expectedType != null && !expectedType.equals(channel.type())) {
            return new Delivery.Failed(null, "the budget's channel " + channel.index() + " is now of type "
                    + channel.type() + ", not " + expectedType, true);
        }
        AlertChannel c = byType.get(channel.type());
        if (c == null) {
            return new Delivery.Failed(null, "unknown channel type " + channel.type(), true);
        }
        try {
            return c.send(alert, channel);
        } catch (RuntimeException e) {
            return new Delivery.Failed(null, "could not send: " + e.getClass().getSimpleName(), false);
        }
    }
}

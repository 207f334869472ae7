package dev.llmlab.server.alerts;

/** A way of telling people about an alert: Slack, Discord, e-mail or a signed webhook. */
public interface AlertChannel {
    /** @return the channel type of budgets' {@code channels} entries this sends to */
    String type();

    /**
     * Sends an alert once; never throws for the receiver's faults, which are {@link Delivery.Failed}.
     *
     * @param alert the alert
     * @param channel where to send it
     * @return the outcome
     */
    Delivery send(Alert alert, ChannelConfig channel);
}

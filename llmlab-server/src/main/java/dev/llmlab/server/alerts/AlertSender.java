package dev.llmlab.server.alerts;

import dev.llmlab.server.ServerConfig;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Delivers alerts from the outbox ({@code alert_deliveries}), every second, on every instance: each
 * tick claims due deliveries (see {@link Outbox}), sends each through its channel and records the
 * attempt. Nothing is kept in memory between ticks, so an alert pending when an instance stops is
 * sent by whichever instance runs next, once its lease (2 min by default) has ended.
 *
 * <p>Retries follow {@link AlertSettings}: 10 s doubling with ±50 % jitter up to 1 h, for 24 h; then
 * the delivery is {@code failed} with its last error, shown by {@code GET /api/alerts}. A failure
 * of the database is logged (at most once a minute) and the tick tried again a second later.
 */
@Singleton
public final class AlertSender {
    private static final System.Logger LOG = System.getLogger(AlertSender.class.getName());
    /** Deliveries claimed per round; small, so a lease never outlives a round of slow receivers. */
    static final int BATCH = 5;
    /** Rounds per tick, so one tick cannot run forever while new alerts keep arriving. */
    private static final int ROUNDS = 20;
    private static final long REPORT_EVERY_NANOS = 60_000_000_000L;
    private final Outbox outbox;
    private final AlertChannels channels;
    private final boolean sending;
    private long lastReport = System.nanoTime() - REPORT_EVERY_NANOS;

    /**
     * @param jdbi the database
     * @param config the server's configuration (its {@link AlertSettings})
     * @param channels the channels
     */
    public AlertSender(Jdbi jdbi, ServerConfig config, AlertChannels channels) {
        this.outbox = new Outbox(jdbi, config.alerts());
        this.channels = channels;
        this.sending = config.alerts().sending();
    }

    /** Runs every second on the scheduler; see the class description. */
    @Scheduled(fixedDelay = "1s", initialDelay = "1s")
    synchronized void tick() {
        if (!sending) {
            return;
        }
        try {
            deliverDue();
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            if (now - lastReport >= REPORT_EVERY_NANOS) {
                lastReport = now;
                LOG.log(System.Logger.Level.WARNING, "delivering alerts failed; trying again every second: "
                        + WebhookPost.oneLine(String.valueOf(e.getMessage())));
            }
        }
    }

    /**
     * Sends every delivery due now (up to {@value #BATCH} × 20 per call).
     *
     * @return deliveries attempted
     */
    public int deliverDue() {
        int attempted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Outbox.Claimed> due = outbox.claim(BATCH);
            for (Outbox.Claimed c : due) {
                Delivery outcome = channels.send(c.alert(), c.channel(), c.channelType());
                String status = outbox.record(c.deliveryId(), outcome);
                if ("failed".equals(status)) {
                    LOG.log(System.Logger.Level.WARNING, "alert " + c.alert().id() + " could not be delivered to "
                            + c.channelType() + " channel " + c.channelIndex() + " of budget " + c.alert().budgetId()
                            + ": " + ((Delivery.Failed) outcome).error());
                }
                attempted++;
            }
            if (due.size() < BATCH) {
                break;
            }
        }
        return attempted;
    }
}

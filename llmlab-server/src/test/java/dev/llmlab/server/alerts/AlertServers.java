package dev.llmlab.server.alerts;

import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import java.time.Duration;

/**
 * Server instances that deliver alerts, on a schedule fit for tests: retries from 200 ms doubling
 * to 1 s, a 20 s retry window, a 2 s lease. One shared instance per test JVM, plus instances a test
 * starts and stops itself.
 */
final class AlertServers {
    static final Duration WINDOW = Duration.ofSeconds(20);
    static final AlertSettings SETTINGS = AlertSettings.DEFAULT.withAllowPrivateWebhooks(true)
            .withSchedule(Duration.ofMillis(200), Duration.ofSeconds(1), WINDOW, Duration.ofSeconds(2));
    private static LlmLabServer sender;

    private AlertServers() {
    }

    /** @return the shared delivering instance */
    static synchronized LlmLabServer sender() {
        if (sender == null) {
            sender = start(SETTINGS);
        }
        return sender;
    }

    /** @return a new instance delivering with these settings; the caller closes it */
    static LlmLabServer start(AlertSettings settings) {
        TestServers.database();
        return LlmLabServer.start(TestServers.config().alerts(settings).build());
    }
}

package dev.llmlab.server.alerts;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.llmlab.server.LlmLabServer;
import dev.llmlab.server.TestServers;
import java.net.URI;
import java.time.Duration;

/**
 * Server instances that deliver alerts, on a schedule fit for tests: retries from 200 ms doubling
 * to 1 s, a 20 s retry window, a 2 s lease; e-mail through a GreenMail SMTP server on loopback
 * (user {@code alerts}, password {@link #SMTP_PASSWORD}). One shared instance per test JVM, plus
 * instances a test starts and stops itself.
 */
final class AlertServers {
    static final Duration WINDOW = Duration.ofSeconds(20);
    static final String SMTP_PASSWORD = "smtp-pass-w0rd";
    static final GreenMail SMTP = smtp();
    static final AlertSettings SETTINGS = AlertSettings.DEFAULT.withAllowPrivateWebhooks(true)
            .withSchedule(Duration.ofMillis(200), Duration.ofSeconds(1), WINDOW, Duration.ofSeconds(2))
            .withLinksAndMail(URI.create("https://llmlab.example.com"), "smtp://alerts:" + SMTP_PASSWORD
                    + "@127.0.0.1:" + SMTP.getSmtp().getPort(), "LLMlab <llmlab@example.com>");
    private static LlmLabServer sender;

    private AlertServers() {
    }

    private static GreenMail smtp() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.setUser("alerts@example.com", "alerts", SMTP_PASSWORD);
        mail.start();
        return mail;
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

package dev.llmlab.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmlab.server.Api;
import dev.llmlab.server.TestServers;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Alert e-mail through a real SMTP server (GreenMail) on loopback. */
class EmailAlertTest {
    private final Api api = TestServers.api();

    @BeforeAll
    static void sender() {
        AlertServers.sender();
    }

    @Test
    void email_textAndHtml_withWhatToActOn_sentThroughSmtp() throws Exception {
        String to = "team-" + UUID.randomUUID() + "@example.com";
        UUID user = api.signup().userId();
        UUID budget = AlertFixtures.budget(user, "[{\"type\":\"email\",\"to\":\"" + to + "\"}]");
        UUID alert = AlertFixtures.alert(user, budget, Instant.now());
        UUID delivery = AlertFixtures.delivery(alert, 0, "email", Instant.now());
        AlertFixtures.await(Duration.ofSeconds(20), "delivered", () -> "delivered".equals(
                AlertFixtures.row(delivery).status()));

        MimeMessage m = Arrays.stream(AlertServers.SMTP.getReceivedMessages()).filter(x -> recipient(x).equals(to))
                .findFirst().orElseThrow();
        assertThat(m.getSubject()).isEqualTo("[LLMlab] Budget \"search team\" crossed 80%");
        assertThat(m.getFrom()[0].toString()).isEqualTo("LLMlab <llmlab@example.com>");
        assertThat(m.getHeader("X-LLMlab-Alert-Id")[0]).isEqualTo(alert.toString());
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        String text = (String) parts.getBodyPart(0).getContent();
        assertThat(text).contains("Spent: $401.23 of $500.00 (80.25%)",
                "Period: month, 2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z",
                "Forecast: $612.00 by the end of the period",
                "Top models: openai/gpt-4o $300.10, anthropic/claude-sonnet-4 $90.00, openai/gpt-4o-mini $11.13",
                "Top tags: project=search $401.23",
                "Dashboard: https://llmlab.example.com/budgets/" + budget);
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(html).contains("<h2>Budget &quot;search team&quot; crossed 80%</h2>",
                "<a href=\"https://llmlab.example.com/budgets/" + budget + "\">");
        assertThat(AlertFixtures.attempts(delivery)).containsExactly("delivered:-");
    }

    @Test
    void smtpSettings_neverShowThePassword() {
        String url = "smtps://alerts:" + AlertServers.SMTP_PASSWORD + "@smtp.example.com";
        AlertSettings s = AlertSettings.fromEnvironment(Map.of("LLMLAB_SMTP_URL", url, "LLMLAB_SMTP_FROM", "a@b.c"));
        assertThat(s.toString()).doesNotContain(AlertServers.SMTP_PASSWORD);
        assertThat(SmtpChannel.Server.parse(url).toString()).isEqualTo("smtps://alerts@smtp.example.com:465");
        assertThatThrownBy(() -> AlertSettings.fromEnvironment(Map.of("LLMLAB_SMTP_URL",
                "imap://alerts:" + AlertServers.SMTP_PASSWORD + "@smtp.example.com")))
                .hasMessage("LLMLAB_SMTP_URL must start with smtp:// or smtps://");
        assertThatThrownBy(() -> AlertSettings.fromEnvironment(Map.of("LLMLAB_ALLOW_PRIVATE_WEBHOOKS", "yes")))
                .hasMessage("LLMLAB_ALLOW_PRIVATE_WEBHOOKS must be true or false, was yes");
    }

    private static String recipient(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

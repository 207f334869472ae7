package dev.llmlab.server.alerts;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * E-mail through the SMTP server of {@code LLMLAB_SMTP_URL} (Angus Mail): a text and an HTML part
 * with the same facts, {@code From: LLMLAB_SMTP_FROM}. {@code smtps://} speaks TLS from the start;
 * {@code smtp://} upgrades with STARTTLS when the server offers it. 5 s to connect, 10 s per read
 * and write. The password is used for the login only, never logged or put in an error.
 */
final class SmtpChannel implements AlertChannel {
    private final AlertSettings settings;

    SmtpChannel(AlertSettings settings) {
        this.settings = settings;
    }

    /**
     * The parts of {@code LLMLAB_SMTP_URL}.
     *
     * @param tls true for {@code smtps://}
     * @param host the server
     * @param port its port (default 25 for smtp, 465 for smtps)
     * @param user the login, or null for none
     * @param password the password, or null
     */
    record Server(boolean tls, String host, int port, String user, String password) {
        /**
         * @param url {@code smtp://user:pass@host:port} or {@code smtps://…}
         * @return its parts
         * @throws IllegalArgumentException saying what was expected (without the password)
         */
        static Server parse(String url) {
            URI u;
            try {
                u = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("LLMLAB_SMTP_URL is not a URL; expected smtp://user:password@host:port"
                        + " or smtps://…");
            }
            String scheme = u.getScheme();
            if (!"smtp".equals(scheme) && !"smtps".equals(scheme)) {
                throw new IllegalArgumentException("LLMLAB_SMTP_URL must start with smtp:// or smtps://");
            }
            if (u.getHost() == null) {
                throw new IllegalArgumentException("LLMLAB_SMTP_URL must name a host: smtp://user:password@host:port");
            }
            boolean tls = scheme.equals("smtps");
            String user = null;
            String password = null;
            if (u.getRawUserInfo() != null) {
                String[] parts = u.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            }
            return new Server(tls, u.getHost(), u.getPort() == -1 ? (tls ? 465 : 25) : u.getPort(), user, password);
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return (tls ? "smtps://" : "smtp://") + (user == null ? "" : user + "@") + host + ":" + port;
        }
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Delivery send(Alert alert, ChannelConfig channel) {
        if (settings.smtpUrl() == null || settings.smtpFrom() == null) {
            return new Delivery.Failed(null, "e-mail is not configured on the server (LLMLAB_SMTP_URL and"
                    + " LLMLAB_SMTP_FROM)", false);
        }
        if (channel.to() == null || channel.to().isBlank()) {
            return new Delivery.Failed(null, "the email channel has no \"to\" address", true);
        }
        Server server = Server.parse(settings.smtpUrl());
        AlertMessage m = AlertMessage.of(alert, settings.publicUrl());
        String protocol = server.tls() ? "smtps" : "smtp";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", server.host());
        props.put("mail." + protocol + ".port", Integer.toString(server.port()));
        props.put("mail." + protocol + ".connectiontimeout", "5000");
        props.put("mail." + protocol + ".timeout", "10000");
        props.put("mail." + protocol + ".writetimeout", "10000");
        props.put("mail." + protocol + ".auth", Boolean.toString(server.user() != null));
        if (!server.tls()) {
            props.put("mail.smtp.starttls.enable", "true");
        }
        Session session = Session.getInstance(props);
        try {
            MimeMessage msg = new MimeMessage(session);
            msg.setFrom(new InternetAddress(settings.smtpFrom(), true));
            msg.setRecipients(Message.RecipientType.TO, InternetAddress.parse(channel.to(), true));
            msg.setSubject("[LLMlab] " + m.title(), "UTF-8");
            msg.setSentDate(new Date());
            msg.setHeader("X-LLMlab-Alert-Id", alert.id().toString());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(m.text(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(html(m), "text/html; charset=UTF-8");
            msg.setContent(new MimeMultipart("alternative", text, html));
            try (Transport t = session.getTransport(protocol)) {
                t.connect(server.host(), server.port(), server.user(), server.password());
                t.sendMessage(msg, msg.getAllRecipients());
            }
            return new Delivery.Delivered(null);
        } catch (AddressException e) {
            return new Delivery.Failed(null, "not an e-mail address: " + WebhookPost.oneLine(
                    String.valueOf(e.getRef())), true);
        } catch (MessagingException e) {
            return new Delivery.Failed(null, "SMTP " + server.host() + ":" + server.port() + ": "
                    + WebhookPost.oneLine(String.valueOf(e.getMessage())), false);
        }
    }

    /** @return the HTML part: the title, a table of the facts, the link */
    static String html(AlertMessage m) {
        StringBuilder sb = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\">");
        sb.append("<h2>").append(escape(m.title())).append("</h2><table cellpadding=\"4\">");
        m.fields().forEach((k, v) -> sb.append("<tr><th align=\"left\">").append(escape(k)).append("</th><td>")
                .append(escape(v)).append("</td></tr>"));
        sb.append("</table>");
        if (m.link() != null) {
            sb.append("<p><a href=\"").append(escape(m.link())).append("\">Open the LLMlab dashboard</a></p>");
        }
        return sb.append("</body></html>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

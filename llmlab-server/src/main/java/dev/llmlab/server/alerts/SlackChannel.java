package dev.llmlab.server.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.http.JsonBodies;
import java.util.Map;

/**
 * A Slack incoming webhook: a Block Kit message with a header (the title), a section of fields
 * (spent, period, forecast, top models and tags) and a context line linking to the dashboard;
 * {@code text} carries the title for notifications.
 */
final class SlackChannel implements AlertChannel {
    private final WebhookTargets targets;
    private final AlertSettings settings;

    SlackChannel(WebhookTargets targets, AlertSettings settings) {
        this.targets = targets;
        this.settings = settings;
    }

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public Delivery send(Alert alert, ChannelConfig channel) {
        return WebhookPost.post(targets, channel.url(), body(AlertMessage.of(alert, settings.publicUrl())), Map.of());
    }

    /** @return the Block Kit body */
    static byte[] body(AlertMessage m) {
        ObjectNode root = JsonBodies.object();
        root.put("text", m.title());
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", m.title());
        ObjectNode section = blocks.addObject().put("type", "section");
        ArrayNode fields = section.putArray("fields");
        m.fields().forEach((k, v) -> fields.addObject().put("type", "mrkdwn").put("text", "*" + k + "*\n" + escape(v)));
        if (m.link() != null) {
            ObjectNode context = blocks.addObject().put("type", "context");
            context.putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", "<" + m.link() + "|Open the LLMlab dashboard>");
        }
        return root.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Slack's mrkdwn treats &, < and > as markup. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

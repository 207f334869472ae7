package dev.llmlab.server.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.http.JsonBodies;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A Discord webhook: one embed titled with the alert, linking to the dashboard, its facts as inline
 * fields, coloured by severity (blue below 80 %, amber from 80 % and for forecasts and spikes, red
 * at or over the limit).
 */
final class DiscordChannel implements AlertChannel {
    static final int[] COLOURS = {0x3B82F6, 0xF59E0B, 0xDC2626};
    private final WebhookTargets targets;
    private final AlertSettings settings;

    DiscordChannel(WebhookTargets targets, AlertSettings settings) {
        this.targets = targets;
        this.settings = settings;
    }

    @Override
    public String type() {
        return "discord";
    }

    @Override
    public Delivery send(Alert alert, ChannelConfig channel) {
        return WebhookPost.post(targets, channel.url(), body(AlertMessage.of(alert, settings.publicUrl()), alert),
                Map.of());
    }

    /** @return the embed body */
    static byte[] body(AlertMessage m, Alert alert) {
        ObjectNode root = JsonBodies.object();
        root.put("username", "LLMlab");
        ArrayNode embeds = root.putArray("embeds");
        ObjectNode e = embeds.addObject();
        e.put("title", m.title());
        if (m.link() != null) {
            e.put("url", m.link());
        }
        e.put("color", COLOURS[m.severity()]);
        e.put("timestamp", alert.createdAt().toString());
        ArrayNode fields = e.putArray("fields");
        m.fields().forEach((k, v) -> fields.addObject().put("name", k).put("value", v)
                .put("inline", !k.startsWith("Top")));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}

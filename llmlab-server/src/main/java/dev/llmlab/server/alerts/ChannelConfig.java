package dev.llmlab.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmlab.server.http.JsonBodies;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a budget's {@code channels}, as the budget stores it (secrets included; read when
 * sending, so an edited budget's new address is used by the next attempt).
 *
 * @param index the entry's position in the budget's list
 * @param type slack, discord, email or webhook
 * @param url the webhook URL (slack, discord, webhook), or null
 * @param to the recipient (email), or null
 * @param secret the signing secret (webhook), or null
 */
public record ChannelConfig(int index, String type, String url, String to, String secret) {
    /**
     * @param channelsJson the budget's {@code channels} column
     * @return its entries in order
     */
    public static List<ChannelConfig> parse(String channelsJson) {
        JsonNode root;
        try {
            root = JsonBodies.MAPPER.readTree(channelsJson == null ? "[]" : channelsJson);
        } catch (IOException e) {
            throw new IllegalStateException("a budget's channels column is not JSON");
        }
        List<ChannelConfig> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode c = root.get(i);
            out.add(new ChannelConfig(i, c.path("type").asText(null), c.path("url").asText(null),
                    c.path("to").asText(null), c.path("secret").asText(null)));
        }
        return out;
    }

    /** Never shows the URL's token or the secret. */
    @Override
    public String toString() {
        return "ChannelConfig[" + index + ", " + type + ", " + (url != null ? WebhookTargets.mask(url) : to) + "]";
    }
}

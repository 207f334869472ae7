package dev.llmlab.server.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.pricing.Amounts;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.http.PathIds;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What one committed ingest stored for an account: the notice every live stream of that account
 * receives ({@code event: usage}). A notice, not the data: a client refetches what it shows.
 *
 * @param userId the account
 * @param accepted how many new events were stored (duplicates excluded), at least 1
 * @param costUsd their priced cost, exact; zero when none of them was priced
 * @param at when they were stored
 */
public record UsageNotice(UUID userId, int accepted, BigDecimal costUsd, Instant at) {
    /** Checks the components. */
    public UsageNotice {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(costUsd, "costUsd");
        Objects.requireNonNull(at, "at");
        if (accepted < 1) {
            throw new IllegalArgumentException("a notice is for at least one stored event, was " + accepted);
        }
    }

    /** @return the data of the {@code usage} event: {@code {"accepted":N,"cost_usd":"…","at":"…"}} */
    public String json() {
        ObjectNode o = JsonBodies.object();
        o.put("accepted", accepted);
        o.put("cost_usd", Amounts.plain(costUsd));
        o.put("at", at.toString());
        return o.toString();
    }

    /** @return the notice as it crosses between instances: {@code <user id>|<json>} */
    public String payload() {
        return userId + "|" + json();
    }

    /**
     * @param payload a {@link #payload()}
     * @return the notice
     * @throws IllegalArgumentException when it is not one
     */
    public static UsageNotice parse(String payload) {
        int bar = payload == null ? -1 : payload.indexOf('|');
        UUID user = bar < 0 ? null : PathIds.canonical(payload.substring(0, bar));
        if (user == null) {
            throw new IllegalArgumentException("not a usage notice: no account id before '|'");
        }
        try {
            JsonNode o = JsonBodies.MAPPER.readTree(payload.substring(bar + 1));
            return new UsageNotice(user, o.path("accepted").asInt(), new BigDecimal(o.path("cost_usd").asText()),
                    Instant.parse(o.path("at").asText()));
        } catch (IOException | NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("not a usage notice: " + e.getMessage(), e);
        }
    }
}

package dev.llmlab.server.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.server.account.Fields;
import dev.llmlab.server.http.ApiException;
import dev.llmlab.server.http.JsonBodies;
import dev.llmlab.server.http.PathIds;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which events a budget counts: all of the account's, or those whose tags hold every given tag
 * (equal values), whose provider and model equal the given ones (compared lower-case, as providers
 * and models are named in any case) and that were ingested with the given API key. Each part is
 * optional; an empty scope is the whole account.
 *
 * @param tags tags an event must carry, each with this value; empty for any
 * @param provider the provider, lower-case, or null for any
 * @param model the model, lower-case, or null for any
 * @param apiKeyId the ingesting API key, or null for any
 */
public record BudgetScope(Map<String, String> tags, String provider, String model, UUID apiKeyId) {
    /** The whole account. */
    public static final BudgetScope ACCOUNT = new BudgetScope(Map.of(), null, null, null);
    private static final Set<String> FIELDS = Set.of("tags", "provider", "model", "api_key_id");
    private static final int MAX_TAGS = 32;

    /** Keeps a sorted, immutable copy of the tags and lower-cases provider and model. */
    public BudgetScope {
        tags = Map.copyOf(new TreeMap<>(tags));
        provider = provider == null ? null : provider.toLowerCase(Locale.ROOT);
        model = model == null ? null : model.toLowerCase(Locale.ROOT);
    }

    /**
     * @param eventProvider the event's provider
     * @param eventModel the event's model
     * @param eventTags the event's tags
     * @param eventKey the key that ingested it, or null
     * @return whether the budget counts this event
     */
    public boolean matches(String eventProvider, String eventModel, Map<String, String> eventTags, UUID eventKey) {
        return matchesLowerCase(eventProvider.toLowerCase(Locale.ROOT), eventModel.toLowerCase(Locale.ROOT), eventTags,
                eventKey);
    }

    /**
     * {@link #matches} for a provider and model already lower-cased ({@link Locale#ROOT}), so a batch
     * checked against many budgets lower-cases each event once.
     *
     * @param lowerProvider the event's provider, lower-case
     * @param lowerModel the event's model, lower-case
     * @param eventTags the event's tags
     * @param eventKey the key that ingested it, or null
     * @return whether the budget counts this event
     */
    public boolean matchesLowerCase(String lowerProvider, String lowerModel, Map<String, String> eventTags,
            UUID eventKey) {
        if (provider != null && !provider.equals(lowerProvider)) {
            return false;
        }
        if (model != null && !model.equals(lowerModel)) {
            return false;
        }
        if (apiKeyId != null && !apiKeyId.equals(eventKey)) {
            return false;
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!t.getValue().equals(eventTags.get(t.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the usage totals (by provider and model, no tags or keys) can sum this scope */
    public boolean readableFromUsageTotals() {
        return tags.isEmpty() && apiKeyId == null;
    }

    /** @return the scope as answered and stored: {@code {"tags":{…},"provider","model","api_key_id"}} */
    public ObjectNode toJson() {
        ObjectNode o = JsonBodies.object();
        ObjectNode t = o.putObject("tags");
        tags.forEach(t::put);
        o.put("provider", provider);
        o.put("model", model);
        o.put("api_key_id", apiKeyId == null ? null : apiKeyId.toString());
        return o;
    }

    /**
     * @param in the {@code scope} field; absent or null is the whole account
     * @return the scope
     * @throws ApiException 400 naming {@code scope} or its part at fault
     */
    static BudgetScope from(JsonNode in) {
        if (in == null || in.isNull()) {
            return ACCOUNT;
        }
        if (!in.isObject()) {
            throw ApiException.invalid("scope", "scope must be an object like {\"tags\":{\"project\":\"search\"},"
                    + "\"provider\":\"openai\"}, was " + JsonBodies.kind(in));
        }
        for (Iterator<String> names = in.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                String shown = "scope." + Fields.shorten(name);
                throw ApiException.invalid(shown, "unknown field '" + shown + "'; scope takes " + new TreeSet<>(FIELDS));
            }
        }
        Map<String, String> tags = new TreeMap<>();
        JsonNode t = in.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isObject()) {
                throw ApiException.invalid("scope.tags", "scope.tags must be an object of text values, was "
                        + JsonBodies.kind(t));
            }
            if (t.size() > MAX_TAGS) {
                throw ApiException.invalid("scope.tags", "scope.tags may hold at most " + MAX_TAGS + " tags, had "
                        + t.size());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.isBlank() || key.codePointCount(0, key.length()) > 64) {
                    throw ApiException.invalid("scope.tags", "scope.tags keys must be 1 to 64 characters, had '"
                            + Fields.shorten(key) + "'");
                }
                Fields.checkCharacters("scope.tags", key);
                tags.put(key, BudgetRequest.under("scope.tags.", () -> Fields.text(t, key, 256)));
            }
        }
        String provider = BudgetRequest.under("scope.", () -> Fields.optionalText(in, "provider", 100));
        String model = BudgetRequest.under("scope.", () -> Fields.optionalText(in, "model", 200));
        UUID key = null;
        JsonNode k = in.get("api_key_id");
        if (k != null && !k.isNull()) {
            key = k.isTextual() ? PathIds.canonical(k.textValue()) : null;
            if (key == null) {
                throw ApiException.invalid("scope.api_key_id", "scope.api_key_id must be an API key's id (a UUID like"
                        + " \"0b9e4c9a-6f1c-4c1e-9d7a-3c2f1e0a5b6d\"), was " + (k.isTextual()
                        ? "'" + Fields.shorten(k.textValue()) + "'" : JsonBodies.kind(k)));
            }
        }
        return new BudgetScope(tags, provider, model, key);
    }
}

package dev.llmlab.core.usage;

import dev.llmlab.core.internal.json.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A {@link JsonObjectView} of an object read by the core's own JSON reader ({@link Json#parse}). */
final class JsonMapView implements JsonObjectView {
    private final Map<String, Object> map;

    JsonMapView(Map<String, Object> map) {
        this.map = map;
    }

    static Kind kindOf(Object v) {
        if (v == null) {
            return Kind.MISSING;
        }
        if (v == Json.NULL) {
            return Kind.NULL;
        }
        if (v instanceof String) {
            return Kind.STRING;
        }
        if (v instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) v;
            // Up to 18 digits without a fraction always fit a long.
            return d.scale() == 0 && d.precision() <= 18 ? Kind.INTEGER : Kind.NUMBER;
        }
        if (v instanceof Boolean) {
            return Kind.BOOLEAN;
        }
        return v instanceof List ? Kind.ARRAY : Kind.OBJECT;
    }

    @Override
    public Kind kind(String name) {
        return kindOf(map.get(name));
    }

    @Override
    public String string(String name) {
        return (String) map.get(name);
    }

    @Override
    public long integer(String name) {
        return ((BigDecimal) map.get(name)).longValueExact();
    }

    @Override
    public BigDecimal decimal(String name) {
        return (BigDecimal) map.get(name);
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonObjectView object(String name) {
        return new JsonMapView((Map<String, Object>) map.get(name));
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Iterable<String> names() {
        return map.keySet();
    }
}

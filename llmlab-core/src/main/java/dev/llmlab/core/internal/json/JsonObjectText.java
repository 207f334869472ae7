package dev.llmlab.core.internal.json;

import dev.llmlab.core.usage.JsonObjectWriter;
import java.util.Map;

/**
 * Writes one JSON object as compact text into a {@link StringBuilder}: the core's
 * {@link JsonObjectWriter}, behind the tracker's JSON lines and the HTTP sink's request bodies.
 * Member names are written as given (the writer's contract keeps them plain); string values are
 * escaped with {@link Json#quote}.
 */
public final class JsonObjectText implements JsonObjectWriter {
    private final StringBuilder sb;
    private boolean empty = true;

    /**
     * Opens the object.
     *
     * @param sb where to append; not null
     */
    public JsonObjectText(StringBuilder sb) {
        this.sb = sb.append('{');
    }

    private StringBuilder name(String name) {
        if (empty) {
            empty = false;
            return sb.append('"').append(name).append("\":");
        }
        return sb.append(",\"").append(name).append("\":");
    }

    @Override
    public void string(String name, String value) {
        name(name);
        if (value == null) {
            sb.append("null");
        } else {
            Json.quote(sb, value);
        }
    }

    @Override
    public void number(String name, long value) {
        name(name).append(value);
    }

    @Override
    public void nullValue(String name) {
        name(name).append("null");
    }

    @Override
    public void strings(String name, Map<String, String> values) {
        Json.quoteAll(name(name), values);
    }

    /**
     * Closes the object.
     *
     * @return the builder given to the constructor
     */
    public StringBuilder end() {
        return sb.append('}');
    }
}

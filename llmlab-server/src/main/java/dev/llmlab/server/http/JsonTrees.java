package dev.llmlab.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmlab.core.usage.JsonObjectView;
import dev.llmlab.core.usage.JsonObjectWriter;
import dev.llmlab.core.usage.UsageRecords;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Jackson trees as the usage-record codec ({@link UsageRecords}) reads and writes them: a view of a
 * parsed {@link ObjectNode}, so that the server validates events with the same code and messages as
 * {@code llmlab cost} and the tracker without parsing twice, and a writer into an
 * {@link ObjectNode}, so that the usage fields it answers with are named and written as everywhere
 * else.
 */
public final class JsonTrees {
    private JsonTrees() {
    }

    /**
     * @param object an object read by {@link JsonBodies} (numbers as int, long, BigInteger or exact
     *     BigDecimal nodes, never doubles); not null
     * @return a view of it
     */
    public static JsonObjectView view(ObjectNode object) {
        return new View(object);
    }

    /**
     * @param object where members are put, in order; not null
     * @return a writer into it
     */
    public static JsonObjectWriter writer(ObjectNode object) {
        return new Writer(object);
    }

    private static final class View implements JsonObjectView {
        private final ObjectNode node;

        View(ObjectNode node) {
            this.node = node;
        }

        @Override
        public Kind kind(String name) {
            JsonNode v = node.get(name);
            if (v == null) {
                return Kind.MISSING;
            }
            switch (v.getNodeType()) {
                case NULL:
                    return Kind.NULL;
                case STRING:
                    return Kind.STRING;
                case NUMBER:
                    return v.isInt() || v.isLong() ? Kind.INTEGER : Kind.NUMBER;
                case BOOLEAN:
                    return Kind.BOOLEAN;
                case ARRAY:
                    return Kind.ARRAY;
                case OBJECT:
                    return Kind.OBJECT;
                default:
                    // POJO, BINARY, MISSING: a parsed body never holds them
                    throw new IllegalArgumentException("not a JSON value: " + v.getNodeType() + " at " + name);
            }
        }

        @Override
        public String string(String name) {
            return node.get(name).textValue();
        }

        @Override
        public long integer(String name) {
            return node.get(name).longValue();
        }

        @Override
        public BigDecimal decimal(String name) {
            return node.get(name).decimalValue();
        }

        @Override
        public JsonObjectView object(String name) {
            return new View((ObjectNode) node.get(name));
        }

        @Override
        public int size() {
            return node.size();
        }

        @Override
        public Iterable<String> names() {
            return node::fieldNames;
        }
    }

    private static final class Writer implements JsonObjectWriter {
        private final ObjectNode node;

        Writer(ObjectNode node) {
            this.node = node;
        }

        @Override
        public void string(String name, String value) {
            if (value == null) {
                node.putNull(name);
            } else {
                node.put(name, value);
            }
        }

        @Override
        public void number(String name, long value) {
            node.put(name, value);
        }

        @Override
        public void nullValue(String name) {
            node.putNull(name);
        }

        @Override
        public void strings(String name, Map<String, String> values) {
            ObjectNode o = node.putObject(name);
            values.forEach(o::put);
        }
    }
}

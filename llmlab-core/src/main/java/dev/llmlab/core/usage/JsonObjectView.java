package dev.llmlab.core.usage;

import java.math.BigDecimal;

/**
 * A read-only view of one parsed JSON object: what {@link UsageRecords#read} reads a usage record
 * from, whoever parsed it. The core's own reader stands behind {@link UsageRecords#parse}; a
 * program that already holds a JSON tree (the server's strict body reader) puts a small adapter
 * over it, so the record is validated by one piece of code, with one set of messages, and nothing
 * is parsed twice.
 *
 * <h2>Specification for implementors</h2>
 * <ul>
 *   <li>{@link #kind} tells what a member holds. The other accessors are called only for a member
 *       of the matching kind: {@link #string} for {@link Kind#STRING}, {@link #integer} for
 *       {@link Kind#INTEGER}, {@link #decimal} for {@link Kind#INTEGER} and {@link Kind#NUMBER},
 *       {@link #object} for {@link Kind#OBJECT}.</li>
 *   <li>Numbers are exact, never read through {@code double}: {@link Kind#INTEGER} is a number the
 *       implementation already holds as a {@code long} (a fast path; an implementation may report
 *       every number as {@link Kind#NUMBER}), {@link Kind#NUMBER} any other, whose exact value
 *       {@link #decimal} gives ({@code 1200.0}, {@code 1.2e3}, {@code 1e400} as written). A number
 *       that cannot be held exactly is the parser's error, before a view exists.</li>
 *   <li>A view is read by one thread, once; it need not be thread-safe or copy anything.</li>
 * </ul>
 */
public interface JsonObjectView {
    /** What a member of the object holds. */
    enum Kind {
        /** the object has no member of that name */
        MISSING,
        /** JSON {@code null} */
        NULL,
        /** a string */
        STRING,
        /** a number held as a {@code long} */
        INTEGER,
        /** any other number */
        NUMBER,
        /** {@code true} or {@code false} */
        BOOLEAN,
        /** an array */
        ARRAY,
        /** an object */
        OBJECT;

        /** @return how messages name a value of this kind: "a string", "a number", "null"… */
        public String describe() {
            switch (this) {
                case MISSING: return "missing";
                case NULL: return "null";
                case STRING: return "a string";
                case INTEGER:
                case NUMBER: return "a number";
                case BOOLEAN: return "a boolean";
                case ARRAY: return "an array";
                default: return "an object";
            }
        }
    }

    /**
     * @param name a member name
     * @return what the member holds; {@link Kind#MISSING} when there is none
     */
    Kind kind(String name);

    /**
     * @param name a member of kind {@link Kind#STRING}
     * @return its text, unescaped
     */
    String string(String name);

    /**
     * @param name a member of kind {@link Kind#INTEGER}
     * @return its value
     */
    long integer(String name);

    /**
     * @param name a member of kind {@link Kind#NUMBER} or {@link Kind#INTEGER}
     * @return its exact value
     */
    BigDecimal decimal(String name);

    /**
     * @param name a member of kind {@link Kind#OBJECT}
     * @return a view of it
     */
    JsonObjectView object(String name);

    /** @return how many members the object has */
    int size();

    /** @return the member names, in the order of the document */
    Iterable<String> names();
}

package dev.llmlab.core.pricing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A model-name pattern of a price file's {@code match}: a glob whose only wildcard is {@code *}
 * (any run of characters, none included), anchored at both ends and case-insensitive, e.g.
 * {@code ft:gpt-4o-mini-2024-07-18:acme:*}. Every other character, {@code ?} and {@code .}
 * included, stands for itself. Immutable.
 *
 * <p>When several patterns match one name, the most specific wins: the one with the most
 * characters besides {@code *}, then the one with fewer {@code *}, then the pattern text in
 * alphabetical order ({@link #PRECEDENCE}); the catalog refuses one pattern on two models of a
 * provider, so the order is total.
 */
final class NamePattern {
    /** Fewer characters than this besides {@code *} would match almost any name. */
    static final int MIN_LITERAL_CHARACTERS = 3;

    /** Most specific first. */
    static final Comparator<NamePattern> PRECEDENCE = Comparator.comparingInt(NamePattern::literalCharacters)
            .reversed()
            .thenComparingInt(NamePattern::wildcards)
            .thenComparing(NamePattern::text);

    private final String text;
    private final String[] parts; // the literal runs between the *s; parts.length == wildcards + 1
    private final int literalCharacters;

    private NamePattern(String text, String[] parts, int literalCharacters) {
        this.text = text;
        this.parts = parts;
        this.literalCharacters = literalCharacters;
    }

    /**
     * @param pattern the pattern as written in a price file; not null
     * @return the pattern, trimmed and lower-cased
     * @throws IllegalArgumentException when it has no {@code *}, or fewer than
     *     {@value #MIN_LITERAL_CHARACTERS} other characters (too broad), or blanks inside
     */
    static NamePattern of(String pattern) {
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        if (p.isEmpty()) {
            throw new IllegalArgumentException("must not be blank");
        }
        if (p.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + pattern + "' has a blank inside; model names have none");
        }
        if (p.indexOf('*') < 0) {
            throw new IllegalArgumentException("'" + pattern + "' has no '*'; an exact name belongs in \"aliases\"");
        }
        List<String> parts = new ArrayList<>();
        int literal = 0;
        int from = 0;
        while (true) {
            int star = p.indexOf('*', from);
            String part = p.substring(from, star < 0 ? p.length() : star);
            parts.add(part);
            literal += part.length();
            if (star < 0) {
                break;
            }
            from = star + 1;
        }
        if (literal < MIN_LITERAL_CHARACTERS) {
            throw new IllegalArgumentException("'" + pattern + "' is too broad: it would match "
                    + (literal == 0 ? "every model name" : "almost any model name") + "; a pattern needs at least "
                    + MIN_LITERAL_CHARACTERS + " characters besides '*', e.g. \"ft:gpt-4o-mini-2024-07-18:acme:*\"");
        }
        return new NamePattern(p, parts.toArray(String[]::new), literal);
    }

    /** @return the pattern, lower case */
    String text() {
        return text;
    }

    int literalCharacters() {
        return literalCharacters;
    }

    int wildcards() {
        return parts.length - 1;
    }

    /**
     * @param name a lower-case model name
     * @return true when the whole name matches
     */
    boolean matches(String name) {
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (name.length() < literalCharacters || !name.startsWith(first) || !name.endsWith(last)) {
            return false;
        }
        // The middle parts, leftmost first, between the first and the last part: for a glob whose
        // only wildcard is *, taking each at its earliest place never loses a match.
        int at = first.length();
        int end = name.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = name.indexOf(parts[i], at);
            if (found < 0 || found + parts[i].length() > end) {
                return false;
            }
            at = found + parts[i].length();
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.llmlab.server.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the server-talking commands print for a person: money rounded to cents for display only,
 * aligned columns, a small budget bar, and colours only when standard output is a terminal and
 * {@code NO_COLOR} is unset (see no-color.org) — never in a pipe or a file.
 */
final class Terminal {
    private static final String RESET = "\u001b[0m";
    private final boolean colour;

    private Terminal(boolean colour) {
        this.colour = colour;
    }

    /**
     * @param env the environment ({@code NO_COLOR})
     * @return the output style of this process: colour only on a terminal without {@code NO_COLOR}
     */
    static Terminal of(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        // System.console() is null unless both standard input and output are terminals (JDK 17)
        return new Terminal(System.console() != null && (noColor == null || noColor.isEmpty()));
    }

    String bold(String s) {
        return paint("1", s);
    }

    String dim(String s) {
        return paint("2", s);
    }

    String red(String s) {
        return paint("31", s);
    }

    String yellow(String s) {
        return paint("33", s);
    }

    String green(String s) {
        return paint("32", s);
    }

    private String paint(String code, String s) {
        return colour ? "\u001b[" + code + "m" + s + RESET : s;
    }

    /**
     * @param usd an exact amount, or null when unknown (only unpriced events)
     * @return {@code $1,234.57} (half up to cents); an amount under a cent keeps its digits
     *     ({@code $0.00475}) so that small spend is not shown as nothing; {@code unpriced} for null
     */
    static String money(BigDecimal usd) {
        if (usd == null) {
            return "unpriced";
        }
        if (usd.signum() != 0 && usd.abs().compareTo(new BigDecimal("0.01")) < 0) {
            return (usd.signum() < 0 ? "-$" : "$") + usd.abs().stripTrailingZeros().toPlainString();
        }
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        String s = f.format(usd.abs());
        return (usd.signum() < 0 ? "-$" : "$") + s;
    }

    /**
     * @param percent percent of a budget used
     * @return ten cells, one per tenth of the limit, {@code [######----]}, in green below 80 %,
     *     yellow below 100 %, red from 100 %
     */
    String bar(BigDecimal percent) {
        int filled = percent.max(BigDecimal.ZERO).min(BigDecimal.valueOf(100))
                .divide(BigDecimal.TEN, 0, RoundingMode.FLOOR).intValue();
        String cells = "#".repeat(filled) + "-".repeat(10 - filled);
        String painted = percent.compareTo(BigDecimal.valueOf(100)) >= 0 ? red(cells)
                : percent.compareTo(BigDecimal.valueOf(80)) >= 0 ? yellow(cells) : green(cells);
        return "[" + painted + "]";
    }

    /**
     * Lays rows out in columns two spaces apart, each as wide as its widest cell (escape codes not
     * counted), without trailing spaces.
     *
     * @param rows the cells, row by row
     * @return the lines
     */
    static List<String> columns(List<List<String>> rows) {
        List<Integer> widths = new ArrayList<>();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                int w = visible(row.get(i));
                if (i == widths.size()) {
                    widths.add(w);
                } else {
                    widths.set(i, Math.max(widths.get(i), w));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    b.append("  ");
                }
                b.append(row.get(i));
                if (i < row.size() - 1) {
                    b.append(" ".repeat(widths.get(i) - visible(row.get(i))));
                }
            }
            lines.add(b.toString().stripTrailing());
        }
        return lines;
    }

    private static int visible(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }
}

package dev.llmlab.server.budget;

import dev.llmlab.server.account.Fields;
import dev.llmlab.server.http.ApiException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /api/budgets/check}, read strictly: {@code estimated_cost_usd} (a plain
 * decimal at or above 0, at most 12 decimal places; absent is 0, a call that declares no
 * estimate), {@code provider}, {@code model} (absent: the call may be any) and one
 * {@code tag.<key>=<value>} per tag. Any other parameter, or one given twice, is a 400 naming it.
 *
 * @param estimatedCostUsd the call's estimated cost, exact; zero when not declared
 * @param provider the call's provider, or null when it is not known before the call
 * @param model the call's model, or null when it is not known before the call
 * @param tags the call's tags
 */
public record BudgetCheckRequest(BigDecimal estimatedCostUsd, String provider, String model, Map<String, String> tags) {
    /** The parameter of the estimate. */
    static final String ESTIMATE = "estimated_cost_usd";
    private static final String TAG = "tag.";
    private static final int MAX_TAGS = 32;
    private static final int MAX_DECIMALS = 12;
    // Plain digits only: no sign, no exponent (1e9 would be a valid BigDecimal, and a cost that size a mistake).
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1," + MAX_DECIMALS + "})?");

    /** Keeps an immutable copy of the tags. */
    public BudgetCheckRequest {
        tags = Map.copyOf(tags);
    }

    /**
     * @param parameters the query's parameters, each name with every value it was given
     * @return the request
     * @throws ApiException 400 naming the parameter at fault and what was expected
     */
    public static BudgetCheckRequest from(Map<String, List<String>> parameters) {
        BigDecimal estimate = BigDecimal.ZERO;
        String provider = null;
        String model = null;
        Map<String, String> tags = new TreeMap<>();
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            String name = p.getKey();
            List<String> values = p.getValue();
            String shown = Fields.shorten(name);
            if (values.size() != 1) {
                throw ApiException.invalid(shown, "the query parameter '" + shown + "' must be given once, was given "
                        + values.size() + " times");
            }
            String value = values.get(0);
            if (name.equals(ESTIMATE)) {
                estimate = estimate(value);
            } else if (name.equals("provider")) {
                provider = text(name, value, 100);
            } else if (name.equals("model")) {
                model = text(name, value, 200);
            } else if (name.startsWith(TAG)) {
                String key = name.substring(TAG.length());
                if (key.isBlank() || key.codePointCount(0, key.length()) > 64) {
                    throw ApiException.invalid(shown, "a tag parameter is 'tag.<key>' with a key of 1 to 64 characters,"
                            + " was '" + shown + "'");
                }
                Fields.checkCharacters(shown, key);
                tags.put(key, text(name, value, 256));
                if (tags.size() > MAX_TAGS) {
                    throw ApiException.invalid(shown, "at most " + MAX_TAGS + " tag parameters are taken");
                }
            } else {
                throw ApiException.invalid(shown, "unknown query parameter '" + shown + "'; the check takes "
                        + ESTIMATE + ", provider, model and tag.<key>");
            }
        }
        return new BudgetCheckRequest(estimate, provider, model, tags);
    }

    private static BigDecimal estimate(String value) {
        if (!DECIMAL.matcher(value).matches()) {
            String shown = Fields.shorten(value);
            String why = value.startsWith("-") ? "must not be negative" : "must be a plain decimal number of US"
                    + " dollars like 0.042 (digits, at most " + MAX_DECIMALS + " decimal places, no sign or exponent)";
            throw ApiException.invalid(ESTIMATE, ESTIMATE + " " + why + ", was '" + shown + "'");
        }
        return new BigDecimal(value);
    }

    private static String text(String name, String value, int maxCodePoints) {
        String shown = Fields.shorten(name);
        if (value.isBlank() || value.codePointCount(0, value.length()) > maxCodePoints) {
            throw ApiException.invalid(shown, shown + " must be 1 to " + maxCodePoints + " characters, was '"
                    + Fields.shorten(value) + "'");
        }
        Fields.checkCharacters(shown, value);
        return value;
    }
}

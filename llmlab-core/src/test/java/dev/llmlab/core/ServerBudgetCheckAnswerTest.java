package dev.llmlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The tracker's reader of the server's budget check answer: exact amounts, and every garbage refused as such. */
class ServerBudgetCheckAnswerTest {
    private static final String VALID = "{\"allowed\":false,\"estimated_cost_usd\":\"0.042\",\"budgets\":["
            + "{\"id\":\"8c0f3f7e-0d5f-4f3a-9a53-1b1a2b3c4d5e\",\"name\":\"search\",\"limit_usd\":\"0.050000\","
            + "\"spent_usd\":\"0.040000\",\"remaining_usd\":\"0.010000\",\"period_to\":\"2026-12-01T00:00:00Z\"},"
            + "{\"name\":\"account\",\"limit_usd\":\"500\",\"spent_usd\":\"-0.5\"}],\"reason\":\"…\"}";

    @Test
    void parse_validAnswer_keepsEachBudgetsExactAmounts() {
        List<ServerBudgetCheck.Standing> budgets = ServerBudgetCheck.parse(VALID);
        assertThat(budgets).hasSize(2);
        assertThat(budgets.get(0).name()).isEqualTo("search");
        assertThat(budgets.get(0).limitUsd()).isEqualTo(new BigDecimal("0.050000"));
        assertThat(budgets.get(0).spentUsd()).isEqualTo(new BigDecimal("0.040000"));
        assertThat(budgets.get(1).spentUsd()).isEqualTo(new BigDecimal("-0.5"));
        assertThat(ServerBudgetCheck.parse("{\"allowed\":true,\"budgets\":[]}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "<html>502 Bad Gateway</html>",
        "null",
        "[]",
        "\"allowed\"",
        "{}",
        "{\"allowed\":true}",
        "{\"allowed\":\"true\",\"budgets\":[]}",
        "{\"allowed\":null,\"budgets\":[]}",
        "{\"allowed\":true,\"budgets\":{}}",
        "{\"allowed\":true,\"budgets\":null}",
        "{\"allowed\":true,\"budgets\":[1]}",
        "{\"allowed\":true,\"budgets\":[{\"limit_usd\":\"1\",\"spent_usd\":\"0\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":5,\"limit_usd\":\"1\",\"spent_usd\":\"0\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"spent_usd\":\"0\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":1,\"spent_usd\":\"0\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":\"1\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":\"1\",\"spent_usd\":0.5}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":\"abc\",\"spent_usd\":\"0\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":\"1e3\",\"spent_usd\":\"0\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":\"1\",\"spent_usd\":\"1E+999999999\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":\"NaN\",\"spent_usd\":\"0\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":\"0\",\"spent_usd\":\"0\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":\"-1\",\"spent_usd\":\"0\"}]}",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":\" 1\",\"spent_usd\":\"0\"}]}",
        "{\"allowed\":true,\"budgets\":[]} trailing",
        "{\"allowed\":true,\"budgets\":[{\"name\":\"b\",\"limit_usd\":\"1\",\"spent_usd\":\"0\"}",
    })
    void parse_garbage_isRefusedAsAnAnswerError(String body) {
        assertThatThrownBy(() -> ServerBudgetCheck.parse(body))
                .isExactlyInstanceOf(ServerBudgetCheck.AnswerException.class)
                .hasMessageContaining("the server's answer");
    }

    @Test
    void parse_fuzzedAnswers_yieldAnAnswerOrAnAnswerError_neverAnotherException() {
        Random random = new Random(20261127);
        String alphabet = "{}[]\",:0123456789.-eE+ abcdefghijklmnopqrstuvwxyz_\\\u00e9\u20ac";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(VALID);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String body = random.nextInt(10) == 0 ? sb.substring(0, random.nextInt(sb.length() + 1)) : sb.toString();
            try {
                List<ServerBudgetCheck.Standing> budgets = ServerBudgetCheck.parse(body);
                budgets.forEach(b -> assertThat(b.limitUsd()).isPositive());
            } catch (ServerBudgetCheck.AnswerException expected) {
                assertThat(expected.getMessage()).contains("the server's answer");
            }
        }
    }
}

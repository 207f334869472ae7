package dev.llmlab.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CallOptionsTest {
    @Test
    void estimatedMaxCostUsd_negative_isAnIllegalArgumentNamingTheValue() {
        assertThatThrownBy(() -> CallOptions.provider("openai").estimatedMaxCostUsd(new BigDecimal("-0.01")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("estimatedMaxCostUsd must be >= 0, was -0.01");
    }

    @Test
    void estimatedMaxCostUsd_zero_isAccepted() {
        assertThat(CallOptions.provider("openai").estimatedMaxCostUsd(BigDecimal.ZERO).estimatedMaxCostUsd())
                .isEqualByComparingTo("0");
    }

    @Test
    void tag_returnsACopy_andLeavesTheOriginalUnchanged() {
        CallOptions base = CallOptions.provider("openai");
        CallOptions tagged = base.tag("feature", "chat");

        assertThat(base.tags()).isEmpty();
        assertThat(tagged.tags()).containsEntry("feature", "chat");
    }
}

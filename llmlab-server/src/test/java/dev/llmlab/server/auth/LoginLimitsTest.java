package dev.llmlab.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LoginLimitsTest {
    @ParameterizedTest(name = "after {0} failures: wait {1} s")
    @CsvSource({
        "0, 0",
        "1, 0",
        "4, 0",
        "5, 1",
        "6, 2",
        "7, 4",
        "14, 512",
        "15, 900",
        "16, 900",
        "1000, 900",
        "2147483647, 900"})
    void delay_defaultAccountLimits(int failures, long seconds) {
        assertThat(LoginLimits.DEFAULT.delay(failures, LoginLimits.DEFAULT.accountFailures()))
                .isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "after {0} failures from one address: wait {1} s")
    @CsvSource({"49, 0", "50, 1", "51, 2", "60, 900"})
    void delay_defaultAddressLimits(int failures, long seconds) {
        assertThat(LoginLimits.DEFAULT.delay(failures, LoginLimits.DEFAULT.addressFailures()))
                .isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void defaults_fivePerAccount_fiftyPerAddress_capFifteenMinutes_windowAnHour() {
        assertThat(LoginLimits.DEFAULT).isEqualTo(new LoginLimits(5, 50, Duration.ofSeconds(1), Duration.ofMinutes(15),
                Duration.ofHours(1)));
    }

    @Test
    void limits_inconsistent_refused() {
        Duration s = Duration.ofSeconds(1);
        Duration m = Duration.ofMinutes(1);
        assertThatThrownBy(() -> new LoginLimits(0, 5, s, m, m)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginLimits(5, 0, s, m, m)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginLimits(5, 5, Duration.ZERO, m, m)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginLimits(5, 5, m, s, m)).hasMessageContaining("firstDelay <= maxDelay");
        assertThatThrownBy(() -> new LoginLimits(5, 5, s, m, s)).hasMessageContaining("maxDelay <= window");
    }
}

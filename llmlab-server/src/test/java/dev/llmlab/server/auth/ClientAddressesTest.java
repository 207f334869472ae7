package dev.llmlab.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "203.0.113.7|203.0.113.7",
        " 203.0.113.7 |203.0.113.7",
        "203.0.113.7:4711|203.0.113.7",
        "0.0.0.0|0.0.0.0",
        "255.255.255.255|255.255.255.255",
        "::1|0:0:0:0:0:0:0:1",
        "[2001:db8::7]:443|2001:db8:0:0:0:0:0:7",
        "::ffff:198.51.100.1|198.51.100.1"})
    void literal_ipAddresses(String text, String expected) {
        assertThat(ClientAddresses.literal(text).getHostAddress()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "unknown", "localhost", "example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3",
        "-1.2.3.4", "01234.1.1.1", "١.٢.٣.٤", "[::1", "abc:def:xyz", "fe80::1%eth0", "a:b"})
    void literal_anythingElse_isNull_neverLookedUp(String text) {
        assertThat(ClientAddresses.literal(text)).isNull();
    }

    @Test
    void key_ipv4IsTheAddress_ipv6IsItsSlash64() throws Exception {
        assertThat(ClientAddresses.key(InetAddress.getByName("198.51.100.9"))).isEqualTo("198.51.100.9");
        assertThat(ClientAddresses.key(InetAddress.getByName("2001:db8:1:2:aaaa:bbbb:cccc:dddd")))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientAddresses.key(InetAddress.getByName("2001:db8:1:2::1")))
                .isEqualTo(ClientAddresses.key(InetAddress.getByName("2001:db8:1:2:ffff::9")));
    }

    @Test
    void networks_matchTheirPrefixOnly() throws Exception {
        List<ClientAddresses.Network> n = ClientAddresses.parse(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8",
                "172.16.0.0/12"));
        assertThat(n.get(0).contains(InetAddress.getByName("10.255.1.2"))).isTrue();
        assertThat(n.get(0).contains(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(n.get(1).contains(InetAddress.getByName("192.168.1.7"))).isTrue();
        assertThat(n.get(1).contains(InetAddress.getByName("192.168.1.8"))).isFalse();
        assertThat(n.get(2).contains(InetAddress.getByName("fdab::1"))).isTrue();
        assertThat(n.get(2).contains(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(n.get(2).contains(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThat(n.get(3).contains(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(n.get(3).contains(InetAddress.getByName("172.32.0.0"))).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "proxy.internal", "::/129", ""})
    void parse_notAnAddressOrNetwork_refusedNamingIt(String entry) {
        assertThatThrownBy(() -> ClientAddresses.parse(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + entry + "'");
    }
}

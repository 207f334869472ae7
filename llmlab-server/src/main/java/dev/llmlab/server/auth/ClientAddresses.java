package dev.llmlab.server.auth;

import dev.llmlab.server.ServerConfig;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The client address a request is throttled by. It is the TCP peer's address, unless that peer is a
 * configured trusted proxy ({@link ServerConfig#trustedProxies()}, {@code LLMLAB_TRUSTED_PROXIES}):
 * then {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first
 * address that is not one is the client. Without trusted proxies the header is ignored, since any
 * client can write it.
 *
 * <p>An IPv6 client is counted by its /64 network: one host commonly holds a whole /64 and could
 * otherwise pick a fresh address for each guess.
 */
@Singleton
public final class ClientAddresses {
    private final List<Network> trusted;

    /** @param config the trusted proxies */
    public ClientAddresses(ServerConfig config) {
        this.trusted = parse(config.trustedProxies());
    }

    /**
     * @param request the request
     * @return the client's address as counted: an IPv4 address ({@code 203.0.113.7}) or an IPv6 /64
     *     network ({@code 2001:db8:1:2::/64})
     */
    public String of(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress client = remote == null ? null : remote.getAddress();
        if (client == null) {
            return "unknown";
        }
        if (!isTrusted(client)) {
            return key(client);
        }
        List<String> hops = new ArrayList<>();
        for (String header : request.getHeaders().getAll("X-Forwarded-For")) {
            hops.addAll(Arrays.asList(header.split(",")));
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                break; // a malformed entry: the last proxy we trust is as far as we can see
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return key(client);
    }

    private boolean isTrusted(InetAddress address) {
        for (Network n : trusted) {
            if (n.contains(address)) {
                return true;
            }
        }
        return false;
    }

    static String key(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] network = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(network, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an IPv6 address
        }
    }

    /**
     * @param entries addresses ({@code 10.0.0.7}, {@code ::1}) or CIDR networks ({@code 10.0.0.0/8},
     *     {@code fd00::/8}); not null
     * @return the networks
     * @throws IllegalArgumentException naming an entry that is neither
     */
    public static List<Network> parse(List<String> entries) {
        List<Network> out = new ArrayList<>();
        for (String entry : entries) {
            String e = entry.strip();
            int slash = e.indexOf('/');
            InetAddress base = literal(slash < 0 ? e : e.substring(0, slash));
            int bits = base == null ? -1 : base.getAddress().length * 8;
            int prefix = bits;
            if (base != null && slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    prefix = -1;
                }
            }
            if (base == null || prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("a trusted proxy must be an IP address or a CIDR network like"
                        + " 10.0.0.0/8 or fd00::/8, was '" + entry + "'");
            }
            out.add(new Network(base.getAddress(), prefix));
        }
        return List.copyOf(out);
    }

    /**
     * Parses an IP literal without ever asking DNS (an {@code X-Forwarded-For} entry is the client's
     * text). Accepts {@code 1.2.3.4}, {@code 1.2.3.4:5678}, {@code ::1}, {@code [::1]:5678}.
     *
     * @return the address, or null when the text is not an IP literal
     */
    static InetAddress literal(String text) {
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':') && s.indexOf('.') >= 0) {
            s = s.substring(0, s.indexOf(':')); // IPv4 with a port
        }
        if (s.isEmpty()) {
            return null;
        }
        try {
            if (s.indexOf(':') >= 0) {
                // Brackets make the JDK parse an IPv6 literal or fail; it never resolves them.
                return s.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
                        || c == ':' || c == '.')
                        ? InetAddress.getByName("[" + s + "]") : null;
            }
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3
                        || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return null;
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * An address block.
     *
     * @param base the network's address bytes (4 or 16)
     * @param prefix how many leading bits must match
     */
    public record Network(byte[] base, int prefix) {
        /** Keeps a copy of the bytes. */
        public Network {
            base = Objects.requireNonNull(base, "base").clone();
        }

        /** @return whether the address is in this block (an IPv4 address is never in an IPv6 block) */
        public boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != base.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((a[bit / 8] & mask) != (base[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}

package dev.llmlab.server.alerts;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a webhook (Slack, Discord or generic) may point. Checked when a budget is saved and again
 * right before each send, because what a name resolves to can change in between.
 *
 * <p>Refused unless private targets are allowed ({@code LLMLAB_ALLOW_PRIVATE_WEBHOOKS=true}):
 * any scheme but {@code https}; user info in the URL; a host given as a number in any form but a
 * plain dotted quad ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}), which resolvers read
 * differently; and a host any of whose addresses, after DNS resolution, is loopback, unspecified
 * ({@code 0.0.0.0}, {@code ::}), private (10/8, 172.16/12, 192.168/16), shared address space
 * (CGNAT 100.64/10), link-local (169.254/16 with the cloud metadata address 169.254.169.254,
 * fe80::/10), unique local (fc00::/7), multicast or broadcast. With private targets allowed,
 * {@code http} and every address are accepted (tests, on-premise receivers).
 *
 * <p>{@code java.net.http} cannot be told which address to connect to, so the sender checks every
 * address the name has just before the request; a name whose answer changes within those
 * milliseconds (DNS rebinding with a zero TTL) is the remaining gap, closed by an egress firewall.
 */
public final class WebhookTargets {
    private static final Pattern NUMBER_PART = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");
    private final boolean allowPrivate;

    /** A webhook target that may not be used, with the reason a person can act on. */
    public static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** @param allowPrivate true accepts every scheme-valid target (see the class description) */
    public WebhookTargets(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** @return a checker following {@code settings.allowPrivateWebhooks()} */
    public static WebhookTargets of(AlertSettings settings) {
        return new WebhookTargets(settings.allowPrivateWebhooks());
    }

    /**
     * Checks a target and resolves its host.
     *
     * @param url the webhook URL as configured; not null
     * @return the addresses the host resolves to now, all of them acceptable
     * @throws Refused saying why (the message names the host, never the path, which holds tokens)
     */
    public List<InetAddress> check(URI url) {
        return check(url, false);
    }

    /**
     * Checks a target as a budget is saved: the same rules as {@link #check(URI)}, except that a name
     * that does not resolve now is accepted (it may not be published yet, or DNS may be briefly
     * unreachable; every send checks it again), and with private targets allowed nothing is resolved.
     *
     * @param url the webhook URL as sent; not null
     * @throws Refused saying why (the message names the host, never the path, which holds tokens)
     */
    public void checkWhenSaved(URI url) {
        check(url, true);
    }

    private List<InetAddress> check(URI url, boolean saving) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        String host = url.getHost();
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            throw new Refused("a webhook URL must start with https:// (was " + (scheme.isEmpty() ? "no scheme"
                    : scheme + "://") + ")");
        }
        if ((host == null || host.isEmpty()) && url.getRawAuthority() != null) {
            String authority = url.getRawAuthority();
            throw new Refused("the webhook host " + authority.substring(authority.lastIndexOf('@') + 1)
                    + " is neither a host name nor a dotted quad (a.b.c.d)");
        }
        if (host == null || host.isEmpty()) {
            throw new Refused("a webhook URL must name a host, e.g. https://hooks.example.com/…");
        }
        if (url.getRawUserInfo() != null) {
            throw new Refused("a webhook URL must not carry user:password@ before the host " + host);
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!allowPrivate && isNumeric(bare) && !DOTTED_QUAD.matcher(bare).matches()) {
            throw new Refused("the webhook host " + host + " is a number in a form other than a dotted quad"
                    + " (a.b.c.d); write the address as a dotted quad or use a name");
        }
        if (saving && allowPrivate) {
            return List.of();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            if (saving) {
                return List.of();
            }
            throw new Refused("the webhook host " + host + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                String why = forbidden(a);
                if (why != null) {
                    throw new Refused("the webhook host " + host + " resolves to " + a.getHostAddress() + ", " + why
                            + "; webhooks may only reach public addresses (set LLMLAB_ALLOW_PRIVATE_WEBHOOKS=true for"
                            + " receivers on a private network)");
                }
            }
        }
        return List.of(addresses);
    }

    /** @return true when every dot-separated part is a decimal, octal or hex number (an IPv4 literal to some resolver) */
    private static boolean isNumeric(String host) {
        for (String part : host.split("\\.", -1)) {
            if (!NUMBER_PART.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    /** @return why an address may not be a webhook target, or null when it may */
    static String forbidden(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address (where cloud metadata services live)";
        }
        if (a.isSiteLocalAddress()) {
            return "a private address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "an address of \"this network\" (0.0.0.0/8)";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "a shared (carrier-grade NAT) address";
            }
            if (first == 255) {
                return "the broadcast address";
            }
        } else if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique local address (fc00::/7)";
            }
            if (isEmbeddedIpv4(b)) {
                try {
                    String inner = forbidden(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                    if (inner != null) {
                        return "an IPv6 form of " + inner;
                    }
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e); // four bytes are always an address
                }
            }
        }
        return null;
    }

    /** @return true for IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses */
    private static boolean isEmbeddedIpv4(byte[] b) {
        boolean zeros = true;
        for (int i = 0; i < 12; i++) {
            zeros &= b[i] == 0;
        }
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        return zeros || nat64;
    }

    /**
     * @param url a webhook URL; may be null
     * @return the URL with its path and query (which hold tokens) replaced by {@code /…}:
     *     {@code https://hooks.slack.com/…}
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            if (u.getScheme() != null && u.getHost() != null) {
                return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort()) + "/…";
            }
        } catch (IllegalArgumentException e) {
            // not a URL: nothing of it is shown
        }
        return "…";
    }
}

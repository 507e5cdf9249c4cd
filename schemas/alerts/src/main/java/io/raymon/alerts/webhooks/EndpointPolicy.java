package io.raymon.alerts.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which webhook URLs Raymon sends to. A rule's endpoint is an address a user chose, and the server
 * sends to it: without a check, a rule could make Raymon probe the internal network or a cloud
 * metadata service (server-side request forgery). So: http or https only, no credentials in the URL
 * (they would end up in logs; a receiver's secret belongs in a header or the signing secret), and
 * every address the host resolves to must be public, unless the operator allows private ones
 * ({@code RAYMON_WEBHOOK_ALLOW_PRIVATE}, for a receiver on the same machine or network).
 *
 * <p>The check returns the addresses it approved, and the sender connects to those, so a name that
 * resolves to a public address when checked and to a private one a moment later (DNS rebinding) is
 * not followed. Checked when a rule is saved (a 4xx for the user) and again before every delivery.
 */
public final class EndpointPolicy {
    private final boolean allowPrivate;

    /** @param allowPrivate accept loopback, private, link-local and other non-public addresses */
    public EndpointPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** An approved endpoint: the URL and the addresses to connect to. */
    public record Endpoint(URI uri, List<InetAddress> addresses) {
        /** The URL for logs and error messages: scheme, host and port only (paths and queries can hold tokens). */
        public String redacted() {
            return EndpointPolicy.redacted(uri);
        }
    }

    /** Why a URL is refused, in words for the user (without the URL's path or query). */
    public static final class RefusedEndpointException extends Exception {
        RefusedEndpointException(String message) {
            super(message);
        }
    }

    /** Resolves and checks {@code url}. */
    public Endpoint check(String url) throws RefusedEndpointException {
        URI uri = parse(url);
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(uri.getHost()));
        } catch (UnknownHostException e) {
            throw new RefusedEndpointException("the webhook host " + uri.getHost() + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw new RefusedEndpointException("the webhook host " + uri.getHost() + " resolves to "
                            + address.getHostAddress() + ", which is not a public address (set"
                            + " RAYMON_WEBHOOK_ALLOW_PRIVATE=true to send to private or loopback addresses)");
                }
            }
        }
        return new Endpoint(uri, addresses);
    }

    /** The syntax rules alone, without resolving the host. */
    public static URI parse(String url) throws RefusedEndpointException {
        if (url == null || url.isBlank()) {
            throw new RefusedEndpointException("a webhook URL is required");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new RefusedEndpointException("the webhook URL is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedEndpointException("a webhook URL must start with http:// or https://");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedEndpointException("a webhook URL must not hold credentials (user:password@):"
                    + " they would be logged; use the endpoint's signing secret or headers");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RefusedEndpointException("the webhook URL has no host name");
        }
        if (uri.getRawFragment() != null) {
            throw new RefusedEndpointException("a webhook URL must not have a #fragment");
        }
        return uri;
    }

    /** Scheme, host and port of {@code uri}, nothing else. */
    public static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/…";
    }

    /** Whether an address is on the public internet: not loopback, private, link-local, shared or special. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second <= 127) // carrier-grade NAT, 100.64/10
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local, fc00::/7
            }
            if (isMappedOrCompatibleIpv4(b)) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** ::ffff:a.b.c.d (and the deprecated ::a.b.c.d): an IPv4 address in IPv6 clothing. */
    private static boolean isMappedOrCompatibleIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }
}

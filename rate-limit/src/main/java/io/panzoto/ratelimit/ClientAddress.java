package io.panzoto.ratelimit;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which client a request came from, for per-address limits behind proxies. {@code X-Forwarded-For} is
 * read from the right: each trusted proxy appended the address it saw, so the first address from the
 * right that is not a trusted proxy is the client; everything left of it was written by the client and
 * is ignored (taking the leftmost let any client pick its own bucket). An IPv6 client is keyed by its
 * /64, the block one subscriber gets, so it cannot take a fresh bucket per address.
 */
public final class ClientAddress {
    private final List<Cidr> trustedProxies;

    /** @param trustedProxies comma-separated addresses or CIDR blocks of the proxies in front, e.g. "10.1.0.0/16,127.0.0.1" */
    public ClientAddress(String trustedProxies) {
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : trustedProxies == null ? new String[0] : trustedProxies.split(",")) {
            if (!entry.isBlank()) {
                parsed.add(Cidr.parse(entry.strip()));
            }
        }
        this.trustedProxies = List.copyOf(parsed);
    }

    /**
     * The client's address: the connection's peer, or when that is a trusted proxy, the rightmost
     * forwarded address that is not one.
     *
     * @param peer the connection's remote address
     * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order (may be empty)
     */
    public String resolve(String peer, List<String> forwardedFor) {
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0 && trusted(client); i--) {
            String hop = hops.get(i);
            if (literal(hop).isEmpty()) {
                break; // not an address: nothing further left can be believed
            }
            client = hop;
        }
        return client;
    }

    /** Whether the address is one of the configured proxies. */
    public boolean trusted(String address) {
        Optional<InetAddress> parsed = literal(address);
        return parsed.isPresent() && trustedProxies.stream().anyMatch(cidr -> cidr.contains(parsed.get()));
    }

    /** What a limiter keys on: an IPv4 address as it is, an IPv6 one as its /64. */
    public static String limitKey(String address) {
        Optional<InetAddress> parsed = literal(address);
        if (parsed.isEmpty() || parsed.get().getAddress().length == 4) {
            return address;
        }
        byte[] bytes = parsed.get().getAddress();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    /** An address literal, never a host name (so no lookup can happen), or empty. */
    static Optional<InetAddress> literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        boolean v4 = text.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.');
        boolean v6 = text.indexOf(':') >= 0
                && text.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.');
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private record Cidr(BigInteger network, BigInteger mask, int length) {
        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            InetAddress address = literal(parts[0]).orElseThrow(() -> new IllegalArgumentException("not an address: " + text));
            int bits = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("bad prefix length: " + text);
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            return new Cidr(new BigInteger(1, address.getAddress()).and(mask), mask, address.getAddress().length);
        }

        boolean contains(InetAddress address) {
            return address.getAddress().length == length && new BigInteger(1, address.getAddress()).and(mask).equals(network);
        }
    }
}

package io.panzoto.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress behindIngress = new ClientAddress("10.1.0.0/16, 127.0.0.1");

    @Test
    void theClientIsTheRightmostAddressThatIsNotATrustedProxy() {
        // The client wrote "6.6.6.6"; the Ingress (10.1.2.3) appended the address it really saw.
        assertEquals("203.0.113.7", behindIngress.resolve("10.1.2.3", List.of("6.6.6.6, 203.0.113.7")));
        // Two trusted hops, several headers.
        assertEquals("203.0.113.7", behindIngress.resolve("127.0.0.1", List.of("6.6.6.6", "203.0.113.7, 10.1.9.9")));
        // Every hop trusted: the leftmost is as far as the chain goes.
        assertEquals("10.1.0.5", behindIngress.resolve("10.1.2.3", List.of("10.1.0.5")));
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertEquals("198.51.100.4", behindIngress.resolve("198.51.100.4", List.of("10.1.2.3")));
        assertEquals("10.2.0.1", behindIngress.resolve("10.2.0.1", List.of("1.2.3.4")), "another pod of 10/8 is not the Ingress");
    }

    @Test
    void whatIsNotAnAddressEndsTheWalkAndIsNeverLookedUp() {
        assertEquals("10.1.2.3", behindIngress.resolve("10.1.2.3", List.of("evil.example.com")));
        assertEquals("203.0.113.7", behindIngress.resolve("10.1.2.3", List.of("unknown, 203.0.113.7")));
        assertEquals("10.1.2.3", behindIngress.resolve("10.1.2.3", List.of()));
        assertFalse(behindIngress.trusted("localhost"));
    }

    @Test
    void ipv6ClientsAreKeyedByTheirSlash64() {
        assertEquals("2001:db8:1:2::/64", ClientAddress.limitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals(ClientAddress.limitKey("2001:db8:1:2::1"), ClientAddress.limitKey("2001:db8:1:2:ffff::9"));
        assertEquals("203.0.113.7", ClientAddress.limitKey("203.0.113.7"));
        ClientAddress v6 = new ClientAddress("fd00::/8");
        assertTrue(v6.trusted("fd12::1"));
        assertEquals("2001:db8::5", v6.resolve("fd12::1", List.of("2001:db8::5")));
    }

    @Test
    void aMisconfiguredProxyListFailsAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress("ingress.local"));
    }
}

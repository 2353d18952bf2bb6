package io.panzoto.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Test servers get ports no outgoing connection can take before they bind them. */
class PortsTest {
    @Test
    void aFreePortLiesBelowTheKernelsEphemeralRangeAndCanBeBound() throws IOException {
        int ephemeralLow = Ports.ephemeralLow();
        for (int i = 0; i < 20; i++) {
            int port = Ports.free();
            if (ephemeralLow > 0) {
                assertTrue(port >= 20_000 && port < ephemeralLow, port + " is outside the ephemeral range from " + ephemeralLow);
            }
            try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getByName(Ports.HOST))) {
                assertTrue(bound.isBound());
            }
        }
    }
}

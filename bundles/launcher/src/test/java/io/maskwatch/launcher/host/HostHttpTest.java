package io.maskwatch.launcher.host;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class HostHttpTest {

    @Test
    void aPortInUseIsOneLineBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Host.Http http = new Host.Http("127.0.0.1", taken.getLocalPort());
            String message = assertThrows(HostException.class, http::checkFree).getMessage();
            assertTrue(message.startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " ("), message);
            assertTrue(message.endsWith("stop what uses it or choose another with --http [ADDR:]PORT"), message);
            assertTrue(!message.contains("\n"), message);
        }
    }

    @Test
    void aFreePortPassesAndStaysFree() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        new Host.Http("127.0.0.1", port).checkFree();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(again.isBound(), "the probe released the port");
        }
    }

    @Test
    void anAddressThatIsNotThisMachinesIsRefused() {
        String message = assertThrows(HostException.class, () -> new Host.Http("192.0.2.1", 8080).checkFree()).getMessage();
        assertTrue(message.startsWith("cannot listen on 192.0.2.1:8080 ("), message);
    }
}

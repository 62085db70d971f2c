package edu.attendance.systemtests.resilience;

import edu.attendance.systemtests.TestStack;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that hold the server's connections: one trickling its headers is cut off at the header deadline (2 s in the
 * tests, 10 s by default) with a 408 problem; connections past the per-address cap (200 in the tests) are refused
 * with a 429 problem, and the address may connect again once it closes them.
 */
class SlowClientsIT {

    static final URI BASE = URI.create(TestStack.get().baseUrl());

    static Socket connect() throws IOException {
        Socket s = new Socket(BASE.getHost(), BASE.getPort());
        s.setSoTimeout(15_000);
        return s;
    }

    static String readAll(Socket s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] b = new byte[4096];
        try {
            for (int n; (n = in.read(b)) > 0; ) {
                out.write(b, 0, n);
            }
        } catch (SocketException reset) {
            // keep what arrived before
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aClientTricklingItsHeadersIsCutOffAtTheDeadline() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            // one header line every 500 ms — traffic all along, yet the headers never end — until the server answers
            int[] line = {0};
            Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(10)).until(() -> {
                        if (s.getInputStream().available() > 0) {
                            return true;
                        }
                        try {
                            s.getOutputStream().write(("X-Trickle-" + line[0]++ + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                            return false;
                        } catch (IOException closed) {
                            return true;
                        }
                    });
            String answer = readAll(s);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json").contains("\"code\":\"REQUEST_TIMEOUT\"");
            assertThat(seconds).isLessThan(10);
        }
    }

    @Test
    void aCompleteRequestIsNotHurriedAndKeepAliveStillWorks() throws Exception {
        try (Socket s = connect()) {
            for (int i = 0; i < 2; i++) {
                s.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[4096];
                int n = s.getInputStream().read(buf);
                assertThat(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void connectionsPastThePerAddressCapAreRefusedWithAProblem() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 220; i++) {
                held.add(connect());
            }
            int refused = 0;
            int served = 0;
            for (Socket s : held) {
                s.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            for (Socket s : held) {
                byte[] buf = new byte[2048];
                int n = s.getInputStream().read(buf);
                String head = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                if (head.startsWith("HTTP/1.1 429")) {
                    assertThat(head).contains("application/problem+json");
                    refused++;
                } else if (head.startsWith("HTTP/1.1 200")) {
                    served++;
                }
            }
            // other tests' pooled connections count too, so at least the 20 past the cap are refused
            assertThat(refused).isGreaterThanOrEqualTo(20);
            assertThat(served).isLessThanOrEqualTo(200).isGreaterThan(150);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        // closed again: the address is welcome
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Socket s = connect()) {
                s.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return readAll(s).startsWith("HTTP/1.1 200");
            }
        });
    }
}

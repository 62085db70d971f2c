package edu.attendance.systemtests.resilience;

import edu.attendance.systemtests.Fixtures;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many fast answers in a row on one keep-alive connection, as a phone or the web app sends them: every request is
 * answered, and the server closes the connection only after saying so ({@code Connection: close}). The reproduction
 * of reactor-netty #4361 (1.3.6/1.3.7 stopped reading such a connection after a fast response; the client's next
 * request hung), which had ruled Reactor Netty out; 1.3.8 passes it.
 */
class KeepAliveIT {

    record Answer(int status, boolean closes) {
    }

    @Test
    void fourHundredMixedRequestsOnOneConnectionAreAllAnswered() throws Exception {
        Fixtures f = Fixtures.get();
        URI base = URI.create(TestStack.get().baseUrl());
        String json = "{\"email\":\"admin@college.test\"}";
        List<String> requests = List.of(
                "GET /actuator/health HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + f.admin() + "\r\n\r\n",
                "GET /api/v1/nothing-here HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + f.admin() + "\r\n\r\n",
                "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /api/v1/auth/dev-login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + json.length() + "\r\n\r\n" + json,
                "POST /api/v1/scans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        int answered = 0;
        int closedAfterSaying = 0;
        Socket socket = open(base);
        try {
            for (int i = 0; i < 400; i++) {
                String request = requests.get(i % requests.size());
                socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                Answer a = read(socket.getInputStream());
                assertThat(a.status()).as("request %d: %s", i, request.lines().findFirst().orElseThrow()).isBetween(200, 499);
                answered++;
                if (a.closes()) {
                    closedAfterSaying++;
                    socket.close();
                    socket = open(base);
                }
            }
        } finally {
            socket.close();
        }
        assertThat(answered).isEqualTo(400);
        System.out.printf("keep-alive: 400 answered on one connection, reopened %d times after Connection: close%n", closedAfterSaying);
    }

    /**
     * A refusal the HTTP decoder makes (414 for a request line over its limit, 431 for headers over theirs) on a
     * connection that already carried a request: the server answers before it has read the whole oversized request, and
     * closing then with those bytes unread made the kernel reset the connection — the client lost the answer (14 of 200
     * such pairs on one run). Every pair must get its answer.
     */
    @Test
    void oversizedRequestsAfterANormalOneOnAKeptAliveConnectionAreAllAnswered() throws Exception {
        URI base = URI.create(TestStack.get().baseUrl());
        String normal = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"; // the web app's page: static, answered at once
        String longUri = "GET /api/v1/reports/runs?before=" + "z".repeat(6_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        String bigHeader = "GET /actuator/health HTTP/1.1\r\nHost: x\r\nX-Filler: " + "h".repeat(20_000) + "\r\n\r\n";
        int pairs = 2_000;
        int unanswered = 0;
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < pairs && unanswered < 5; i++) {
            String oversized = i % 2 == 0 ? longUri : bigHeader;
            try (Socket socket = open(base, 5_000)) {
                socket.getOutputStream().write(normal.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                assertThat(read(socket.getInputStream()).status()).isEqualTo(200);
                socket.getOutputStream().write(oversized.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Answer refusal = read(socket.getInputStream());
                statuses.merge(refusal.status(), 1, Integer::sum);
                assertThat(refusal.closes()).isTrue();
            } catch (IOException e) {
                unanswered++;
            }
        }
        System.out.printf("keep-alive refusals: %s, %d unanswered%n", statuses, unanswered);
        assertThat(unanswered).as("oversized requests left without an answer").isZero();
        assertThat(statuses).containsOnlyKeys(414, 431);
    }

    private static Socket open(URI base) throws IOException {
        return open(base, 10_000);
    }

    private static Socket open(URI base, int timeoutMillis) throws IOException {
        Socket s = new Socket(base.getHost(), base.getPort());
        s.setSoTimeout(timeoutMillis); // a hang fails the test instead of stalling it
        return s;
    }

    /** One HTTP/1.1 response: status line, headers, then a Content-Length or chunked body, read to its end. */
    private static Answer read(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        long length = 0;
        boolean chunked = false;
        boolean closes = false;
        for (String line : lines) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("content-length:")) {
                length = Long.parseLong(l.substring(15).trim());
            } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
                chunked = true;
            } else if (l.startsWith("connection:") && l.contains("close")) {
                closes = true;
            }
        }
        if (chunked) {
            while (true) {
                long size = Long.parseLong(readLine(in).split(";")[0].trim(), 16);
                in.readNBytes((int) size);
                readLine(in);
                if (size == 0) {
                    break;
                }
            }
        } else {
            in.readNBytes((int) length);
        }
        return new Answer(status, closes);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before an answer; got " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}

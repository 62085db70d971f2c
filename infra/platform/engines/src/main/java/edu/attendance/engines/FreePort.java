package edu.attendance.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A free TCP port on loopback, for engines that need one before they bind. Never one this process was given before:
 * the kernel may hand the same ephemeral port to two probes in a row once the first has closed, and a broker given the
 * same port for its two listeners refused to start (seen once in a clean-clone CI run).
 */
public final class FreePort {

    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    public static int find() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = probe();
            if (GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port that this process was not given before");
    }

    private static int probe() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

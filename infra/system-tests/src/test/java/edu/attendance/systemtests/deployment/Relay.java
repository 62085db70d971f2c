package edu.attendance.systemtests.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP relay on the machine's bridge address to a server that listens on loopback only (the embedded ClickHouse), so
 * that processes on the {@link HostNetwork}'s hosts reach it as they would reach a server on another machine.
 */
final class Relay implements AutoCloseable {

    private final ServerSocket server;

    Relay(String bindAddress, int targetPort) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                Socket in;
                try {
                    in = server.accept();
                } catch (IOException e) {
                    continue; // closed (the loop ends), or one accept failed
                }
                try {
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    Thread.ofVirtual().start(() -> pipe(in, out));
                    Thread.ofVirtual().start(() -> pipe(out, in));
                } catch (IOException e) {
                    try {
                        in.close(); // the server is not there: the caller sees the connection end and retries
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the other side went
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

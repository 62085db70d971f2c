package edu.attendance.systemtests.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on the machine's bridge address to a server that listens on loopback only (the embedded PostgreSQL and
 * ClickHouse), so that processes on the {@link HostNetwork}'s hosts reach it as they would reach a server on another
 * machine — or to a server on one of those hosts (a broker, whose clients are told to reach it here). It can also slow the link: every byte is passed on {@link #delay} after it arrived, each way — a link's
 * latency, for kernels without netem (the order of the bytes kept, none lost) — and {@link #cut} it silently.
 */
final class Relay implements AutoCloseable {

    private final ServerSocket server;
    private volatile long delayNanos;
    /** While true, nothing is passed on (held until the link is mended, as a partition's retransmissions are). */
    private boolean cut;

    Relay(String bindAddress, int targetPort) throws IOException {
        this(bindAddress, InetAddress.getLoopbackAddress(), targetPort);
    }

    /** A relay on {@code bindAddress} to {@code target}:{@code targetPort} (another host's). */
    Relay(String bindAddress, InetAddress target, int targetPort) throws IOException {
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
                    Socket out = new Socket(target, targetPort);
                    in.setTcpNoDelay(true);
                    out.setTcpNoDelay(true);
                    pipe(in, out);
                    pipe(out, in);
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

    /** From now on every byte waits this long each way (zero: passed on at once). */
    void delay(Duration delay) {
        this.delayNanos = delay.toNanos();
    }

    /** From now on nothing is passed on, either way: a silent partition of this link (no reset, no error). */
    synchronized void cut() {
        cut = true;
    }

    /** Passes on what was held, and everything after it. */
    synchronized void mend() {
        cut = false;
        notifyAll();
    }

    private synchronized void awaitMended() throws InterruptedException {
        while (cut) {
            wait();
        }
    }

    /** What was read, and when it may be written. */
    private record Chunk(byte[] bytes, long due) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    /** One direction: a reader that stamps what it reads, a writer that passes it on when due. */
    private void pipe(Socket from, Socket to) {
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    queue.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
                }
            } catch (IOException e) {
                // the other side went
            } finally {
                queue.add(END);
            }
        });
        Thread.ofVirtual().start(() -> {
            try (OutputStream out = to.getOutputStream()) {
                for (Chunk c; (c = queue.take()) != END; ) {
                    long wait = c.due() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    awaitMended();
                    out.write(c.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side went
            } finally {
                close(from);
                close(to);
            }
        });
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

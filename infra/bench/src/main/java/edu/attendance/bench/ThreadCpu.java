package edu.attendance.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * The bench JVM's CPU by part of the platform, read from {@code /proc/self/task/<tid>/stat} (user and system time of
 * each thread, native code included — what a profiler's Java samples leave out: socket writes, RocksDB, the broker's
 * wake-ups), grouped by thread name. A thread that ends inside the window takes its time with it; the parts' sum may
 * then fall a little short of the process's own figure.
 */
final class ThreadCpu {

    /** The platform's parts, by the names their threads carry. */
    enum Part {
        HTTP("HTTP event loops"), JIT("JIT compilers"), GC("garbage collector"), STREAM("decision stream"),
        BROKER("Kafka broker"), PRODUCER_IO("producers' network threads"), SINKS("ClickHouse sinks"), LIVE("live follower"),
        OTHER("the rest");

        final String label;

        Part(String label) {
            this.label = label;
        }

        static Part of(String thread) {
            if (thread.startsWith("http-epoll") || thread.startsWith("reactor-http")) {
                return HTTP;
            }
            if (thread.contains("CompilerThre")) {
                return JIT;
            }
            if (thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.startsWith("GN ") || thread.startsWith("GC ")) {
                return GC;
            }
            if (thread.startsWith("attendance-deci")) {
                return STREAM;
            }
            if (thread.startsWith("kafka-producer-")) {
                return PRODUCER_IO;
            }
            if (thread.startsWith("data-plane-kaf") || thread.startsWith("kafka-") || thread.startsWith("group-coordina")
                    || thread.startsWith("share-coordina") || thread.startsWith("TxnMarkerSende") || thread.startsWith("AddPartitionsT")
                    || thread.startsWith("executor-") || thread.startsWith("quorum-control") || thread.startsWith("raft-")
                    || thread.startsWith("ExpirationReap") || thread.startsWith("controller-")) {
                return BROKER;
            }
            if (thread.startsWith("clickhouse-sink")) {
                return SINKS;
            }
            if (thread.startsWith("live-views")) {
                return LIVE;
            }
            return OTHER;
        }
    }

    private static final double TICK_NANOS = 10_000_000; // USER_HZ 100, as on every Linux this runs on

    private final Map<String, Long> byThread; // tid → ticks
    private final Map<String, Part> parts;

    private ThreadCpu(Map<String, Long> byThread, Map<String, Part> parts) {
        this.byThread = byThread;
        this.parts = parts;
    }

    /** Every thread's CPU ticks now. */
    static ThreadCpu now() {
        Map<String, Long> ticks = new HashMap<>();
        Map<String, Part> parts = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String tid = task.getFileName().toString();
                    ticks.put(tid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    parts.put(tid, Part.of(Files.readString(task.resolve("comm")).strip()));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException noProc) {
            // not Linux: nothing to break down
        }
        return new ThreadCpu(ticks, parts);
    }

    /** CPU nanoseconds per part since {@code before}. */
    Map<Part, Double> since(ThreadCpu before) {
        Map<Part, Double> out = new EnumMap<>(Part.class);
        byThread.forEach((tid, t) -> {
            double nanos = (t - before.byThread.getOrDefault(tid, 0L)) * TICK_NANOS;
            out.merge(parts.get(tid), nanos, Double::sum);
        });
        return out;
    }

    /** "HTTP event loops 210 µs, …" per accepted scan, the parts in their order, and the JVM without the JIT compilers. */
    static String perScan(Map<Part, Double> nanos, long scans) {
        StringJoiner line = new StringJoiner(", ");
        double total = 0;
        for (Part p : Part.values()) {
            double v = nanos.getOrDefault(p, 0.0);
            total += v;
            line.add(String.format(Locale.ROOT, "%s %.0f µs", p.label, v / 1000 / Math.max(1, scans)));
        }
        double jit = nanos.getOrDefault(Part.JIT, 0.0);
        return line + String.format(Locale.ROOT, "; all threads %.0f µs, without the JIT compilers %.0f µs", total / 1000 / Math.max(1, scans),
                (total - jit) / 1000 / Math.max(1, scans));
    }
}

package edu.attendance.systemtests.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Hosts as Linux network namespaces on one bridge, as separate machines on a switch: each host has its own address
 * ({@code 10.77.0.x/24}) on a virtual link to the bridge, and the machine itself (the root namespace, where the test
 * runs) is {@code 10.77.0.1}. A link can be cut (the host partitioned from all), a host partitioned from some
 * others only or made to lose frames at random (rules on the bridge, {@code nft}), slowed ({@code tc netem}, where the
 * kernel has it), and mended. Needs root (or CAP_NET_ADMIN) and {@code ip} / {@code tc}; {@link #unavailable()} says
 * why not when it cannot.
 */
final class HostNetwork implements AutoCloseable {

    static final String GATEWAY = "10.77.0.1";
    private static final String BRIDGE = "att-br0";

    private final List<String> hosts = new ArrayList<>();

    /** Why namespaces cannot be made here, or empty when they can. */
    static Optional<String> unavailable() {
        try {
            if (!"0".equals(run(false, "id", "-u").strip())) {
                return Optional.of("network namespaces need root (CAP_NET_ADMIN)");
            }
            run(false, "ip", "-V");
            run(false, "tc", "-V");
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("no ip/tc here: " + e.getMessage());
        }
    }

    HostNetwork() throws IOException {
        // a bridge left by an earlier run that died goes first, with its rules
        run(false, "ip", "link", "del", BRIDGE);
        if (noNftables().isEmpty()) {
            for (String line : run(false, "nft", "list tables bridge").lines().toList()) {
                String table = line.replaceFirst("^table bridge ", "").strip();
                if (table.startsWith("att_")) {
                    run(false, "nft", "delete table bridge " + table);
                }
            }
        }
        run(true, "ip", "link", "add", BRIDGE, "type", "bridge");
        run(true, "ip", "addr", "add", GATEWAY + "/24", "dev", BRIDGE);
        run(true, "ip", "link", "set", BRIDGE, "up");
    }

    /** A new host {@code name} at {@code 10.77.0.<last>}; returns its address. */
    String host(String name, int last) throws IOException {
        String ns = ns(name);
        run(false, "ip", "netns", "del", ns);
        run(false, "ip", "link", "del", link(name));
        run(true, "ip", "netns", "add", ns);
        names(ns);
        hosts.add(name);
        run(true, "ip", "link", "add", link(name), "type", "veth", "peer", "name", "eth0", "netns", ns);
        run(true, "ip", "link", "set", link(name), "master", BRIDGE, "up");
        String address = "10.77.0." + last;
        run(true, "ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
        run(true, "ip", "-n", ns, "link", "set", "eth0", "up");
        run(true, "ip", "-n", ns, "link", "set", "lo", "up");
        run(true, "ip", "-n", ns, "route", "add", "default", "via", GATEWAY);
        return address;
    }

    /**
     * The host's own name files, which {@code ip netns exec} puts in place of the machine's: every address on the
     * bridge has a name, and there is no DNS server to wait for. A broker signing clients in (SASL) looks up each
     * client's address by name; through the machine's resolver, unreachable from the namespace, each look-up would wait
     * out its timeout and the sign-ins with it.
     */
    private static void names(String ns) throws IOException {
        Path dir = Path.of("/etc/netns", ns);
        Files.createDirectories(dir);
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
        for (int i = 1; i < 255; i++) {
            hosts.append("10.77.0.").append(i).append(" rehearsal-").append(i).append('\n');
        }
        Files.writeString(dir.resolve("hosts"), hosts);
        // no server on the namespace's loopback: a name not in hosts fails at once
        Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
    }

    /** The command that runs {@code command} on host {@code name}. */
    static List<String> on(String name, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(name)));
        full.addAll(command);
        return full;
    }

    /** Cuts the host's link: nothing reaches it, nothing leaves it (its processes keep running). */
    void cut(String name) throws IOException {
        run(true, "ip", "link", "set", link(name), "down");
    }

    /** Mends the cut link. */
    void mend(String name) throws IOException {
        run(true, "ip", "link", "set", link(name), "up");
    }

    /** Why packets cannot be dropped on the wire here (no {@code nft}, the Debian package nftables), or empty when they can. */
    static Optional<String> noNftables() {
        try {
            run(true, "nft", "--version");
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("no nft here (the Debian package nftables): " + e.getMessage());
        }
    }

    /**
     * Partitions host {@code name} from the hosts at {@code addresses} only (the machine's own {@link #GATEWAY} among
     * them if given): the bridge drops every frame between them (the packets vanish on the wire, as in a switch's
     * fault), while the host still reaches every other host.
     */
    void partition(String name, List<String> addresses) throws IOException {
        String set = "{ " + String.join(", ", addresses) + " }";
        String table = "att_part_" + name;
        String in = " iifname \"" + link(name) + "\" ip daddr " + set + " drop ; ";
        String out = " oifname \"" + link(name) + "\" ip saddr " + set + " drop ; ";
        // between two hosts the frames are forwarded; between a host and the machine they enter or leave the bridge
        run(true, "nft", "add table bridge " + table + " ; "
                + "add chain bridge " + table + " cut { type filter hook forward priority 0 ; } ; "
                + "add chain bridge " + table + " arriving { type filter hook input priority 0 ; } ; "
                + "add chain bridge " + table + " leaving { type filter hook output priority 0 ; } ; "
                + "add rule bridge " + table + " cut" + in
                + "add rule bridge " + table + " cut" + out
                + "add rule bridge " + table + " arriving" + in
                + "add rule bridge " + table + " leaving" + out);
    }

    /** Ends the host's partitions. */
    void heal(String name) throws IOException {
        run(false, "nft", "delete table bridge att_part_" + name);
    }

    /** Drops {@code percent} % of the frames to and from host {@code name}, at random, each way (on the bridge). */
    void lose(String name, int percent) throws IOException {
        String table = "att_loss_" + name;
        String drop = " numgen random mod 100 < " + percent + " drop";
        run(true, "nft", "add table bridge " + table + "; "
                + "add chain bridge " + table + " arriving { type filter hook prerouting priority 0 ; } ; "
                + "add chain bridge " + table + " leaving { type filter hook postrouting priority 0 ; } ; "
                + "add rule bridge " + table + " arriving iifname \"" + link(name) + "\"" + drop + " ; "
                + "add rule bridge " + table + " leaving oifname \"" + link(name) + "\"" + drop);
    }

    /** Ends the host's losses. */
    void stopLosing(String name) throws IOException {
        run(false, "nft", "delete table bridge att_loss_" + name);
    }

    /** Why links cannot be slowed or made lossy here (the kernel has no {@code sch_netem}), or empty when they can. */
    Optional<String> noNetem() throws IOException {
        String out = run(false, "tc", "qdisc", "add", "dev", BRIDGE, "root", "netem", "delay", "1ms");
        if (out.isBlank()) {
            run(false, "tc", "qdisc", "del", "dev", BRIDGE, "root");
            return Optional.empty();
        }
        return Optional.of("tc netem: " + out.strip() + " (this kernel has no sch_netem)");
    }

    /** Delays every packet to and from the host by {@code delayMs} and drops {@code lossPercent} of them. */
    void degrade(String name, int delayMs, int lossPercent) throws IOException {
        // both directions: the bridge side shapes what reaches the host, the host side what leaves it
        run(true, "tc", "qdisc", "replace", "dev", link(name), "root", "netem", "delay", delayMs + "ms", "loss", lossPercent + "%");
        run(true, "ip", "netns", "exec", ns(name), "tc", "qdisc", "replace", "dev", "eth0", "root", "netem", "delay", delayMs + "ms",
                "loss", lossPercent + "%");
    }

    /** Takes the delay and the loss away. */
    void restore(String name) throws IOException {
        run(false, "tc", "qdisc", "del", "dev", link(name), "root");
        run(false, "ip", "netns", "exec", ns(name), "tc", "qdisc", "del", "dev", "eth0", "root");
    }

    @Override
    public void close() throws IOException {
        boolean nft = noNftables().isEmpty();
        for (String h : hosts) {
            if (nft) {
                heal(h);
                stopLosing(h);
            }
            run(false, "ip", "netns", "del", ns(h));
            run(false, "rm", "-rf", Path.of("/etc/netns", ns(h)).toString());
            run(false, "ip", "link", "del", link(h));
        }
        run(false, "ip", "link", "del", BRIDGE);
    }

    private static String ns(String name) {
        return "att-" + name;
    }

    /** The bridge's end of the host's link (interface names are 15 characters at most). */
    private static String link(String name) {
        return "att-v-" + name;
    }

    private static String run(boolean must, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (must && p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.strip());
        }
        return out;
    }
}

package edu.attendance.launcher;

import edu.attendance.engines.postgres.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Backup and restore of the embedded run: the whole data directory — PostgreSQL's cluster (wherever it lives), the
 * broker's log (topics, the stream's changelogs and committed offsets), ClickHouse's tables, the stream's state, the
 * signing keys, the local certificate authority and the report runs' files — copied while every engine is stopped, so
 * all of them stand at one point: what a scan had reached when the platform stopped (accepted, decided, written to
 * history) is what it has reached after a restore, and open sessions, sign-ins and offsets carry on from there.
 * <p>
 * A backup is a plain directory: the files, {@value #MANIFEST} (their SHA-256 in {@code sha256sum}'s format, so
 * {@code sha256sum -c} checks one by hand), {@value #LINKS} (ClickHouse's relative symbolic links), {@value #DIRECTORIES} and
 * {@value #ABOUT}. A restore checks every file against the manifest before it writes anything, and only into a data
 * directory that does not exist yet or is empty.
 */
public final class Backups {

    static final String MANIFEST = "MANIFEST.sha256";
    static final String LINKS = "LINKS";
    /** Every directory, empty ones too: PostgreSQL does not start without its empty {@code pg_notify}, {@code pg_tblspc}… */
    static final String DIRECTORIES = "DIRECTORIES";
    static final String ABOUT = "BACKUP.txt";
    /** Not part of a backup: the lock, the logs, and PostgreSQL's pointer to a cluster kept elsewhere (its cluster is). */
    private static final Set<String> LEFT_OUT = Set.of(".platform.lock", "logs", "postgres/LOCATION", "postgres/postmaster.pid");

    public record Summary(int files, long bytes, Duration took) {
    }

    private Backups() {
    }

    /** Copies the stopped platform's {@code data} directory into {@code target} (new or empty). */
    public static Summary backup(Path data, Path target) throws IOException {
        long t0 = System.nanoTime();
        if (!Files.isDirectory(data.resolve("postgres")) || !Files.isDirectory(data.resolve("kafka"))) {
            throw new IllegalArgumentException(data + " is not a platform's data directory (no postgres/ and kafka/ in it)");
        }
        requireEmpty(target, "the backup's directory");
        try (DataDirLock ignored = lock(data, "back it up")) {
            ownerOnly(target); // it holds the signing keys and every student's records
            Map<String, Path> files = new LinkedHashMap<>();
            Map<String, String> links = new LinkedHashMap<>();
            List<String> dirs = new ArrayList<>();
            collect(data, data, files, links, dirs);
            Path cluster = EmbeddedPostgres.clusterOf(data.resolve("postgres"));
            if (!cluster.equals(data.resolve("postgres"))) {
                // the cluster lives where the unprivileged user can run it: it goes into the backup as postgres/
                Map<String, Path> pg = new LinkedHashMap<>();
                List<String> pgDirs = new ArrayList<>();
                collect(cluster, cluster, pg, links, pgDirs);
                pg.forEach((rel, p) -> files.put("postgres/" + rel, p));
                pgDirs.forEach(d -> dirs.add("postgres/" + d));
                Path pw = EmbeddedPostgres.passwordFile(cluster);
                if (Files.exists(pw)) {
                    files.put("postgres.password", pw);
                }
            }
            StringBuilder manifest = new StringBuilder();
            long bytes = 0;
            for (var e : files.entrySet()) {
                Path to = target.resolve(e.getKey());
                Files.createDirectories(to.getParent());
                manifest.append(copy(e.getValue(), to)).append("  ").append(e.getKey()).append('\n');
                bytes += Files.size(to);
            }
            StringBuilder linkList = new StringBuilder();
            links.forEach((rel, to) -> linkList.append(rel).append(" -> ").append(to).append('\n'));
            Files.writeString(target.resolve(MANIFEST), manifest);
            Files.writeString(target.resolve(LINKS), linkList);
            Files.write(target.resolve(DIRECTORIES), dirs);
            Files.writeString(target.resolve(ABOUT), """
                    attendance platform backup, format 1
                    taken %s of %s while the platform was stopped
                    %d files, %d bytes; check them with: cd <this directory> && sha256sum -c %s
                    restore with: ATTENDANCE_DATA_DIR=<a new directory> ./attendance restore <this directory>
                    """.formatted(Instant.now(), data.toAbsolutePath(), files.size(), bytes, MANIFEST));
            return new Summary(files.size(), bytes, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** Checks {@code backup} whole, then copies it into {@code data} (new or empty); the next start runs on it. */
    public static Summary restore(Path backup, Path data) throws IOException {
        long t0 = System.nanoTime();
        if (!Files.exists(backup.resolve(MANIFEST)) || !Files.exists(backup.resolve(LINKS))) {
            throw new IllegalArgumentException(backup + " is not a platform backup (no " + MANIFEST + " in it)");
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(backup.resolve(MANIFEST))) {
            int gap = line.indexOf("  ");
            if (gap != 64) {
                throw new IllegalArgumentException("damaged manifest line: " + line);
            }
            expected.put(safe(line.substring(gap + 2)), line.substring(0, gap));
        }
        Map<String, String> links = new LinkedHashMap<>();
        for (String line : Files.readAllLines(backup.resolve(LINKS))) {
            int arrow = line.indexOf(" -> ");
            if (arrow <= 0) {
                throw new IllegalArgumentException("damaged " + LINKS + " line: " + line);
            }
            String rel = safe(line.substring(0, arrow));
            String to = line.substring(arrow + 4);
            if (Path.of(to).isAbsolute() || !backup.resolve(rel).getParent().resolve(to).normalize().startsWith(backup.normalize())) {
                throw new IllegalArgumentException("a link leads outside the backup: " + line);
            }
            links.put(rel, to);
        }
        // every file checked before one is written: a damaged backup leaves the target untouched
        for (var e : expected.entrySet()) {
            Path f = backup.resolve(e.getKey());
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || !e.getValue().equals(sha256(f))) {
                throw new IllegalArgumentException("the backup is damaged: " + e.getKey() + " is missing or differs from "
                        + MANIFEST + "; nothing was restored");
            }
        }
        List<String> dirs = Files.exists(backup.resolve(DIRECTORIES))
                ? Files.readAllLines(backup.resolve(DIRECTORIES)).stream().map(Backups::safe).toList() : List.of();
        requireEmpty(data, "the data directory to restore into");
        ownerOnly(data);
        try (DataDirLock ignored = lock(data, "restore into it")) {
            for (String d : dirs) {
                Files.createDirectories(data.resolve(d));
            }
            long bytes = 0;
            for (String rel : expected.keySet()) {
                Path to = data.resolve(rel);
                EmbeddedStack.createOwnerOnly(to.getParent());
                copy(backup.resolve(rel), to);
                bytes += Files.size(to);
            }
            for (var e : links.entrySet()) {
                Path at = data.resolve(e.getKey());
                Files.createDirectories(at.getParent());
                Files.createSymbolicLink(at, Path.of(e.getValue()));
            }
            return new Summary(expected.size(), bytes, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    private static DataDirLock lock(Path data, String what) throws IOException {
        try {
            return DataDirLock.acquire(data);
        } catch (IllegalStateException running) {
            throw new IllegalStateException("the platform is running on " + data + ": stop it (Ctrl-C) to " + what
                    + " — every engine stopped is what makes one consistent point");
        }
    }

    /** Creates {@code dir} (or takes the empty one there) readable by its owner only. */
    private static void ownerOnly(Path dir) throws IOException {
        EmbeddedStack.createOwnerOnly(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void requireEmpty(Path dir, String what) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> in = Files.list(dir)) {
                if (in.anyMatch(p -> true)) {
                    throw new IllegalArgumentException(what + " " + dir + " is not empty: choose a new one");
                }
            }
        }
    }

    private static void collect(Path root, Path dir, Map<String, Path> files, Map<String, String> links, List<String> dirs)
            throws IOException {
        List<Path> entries;
        try (Stream<Path> in = Files.list(dir)) {
            entries = new ArrayList<>(in.sorted().toList());
        }
        for (Path p : entries) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            if (LEFT_OUT.contains(rel)) {
                continue;
            }
            if (Files.isSymbolicLink(p)) {
                Path to = Files.readSymbolicLink(p);
                if (to.isAbsolute()) {
                    throw new IllegalStateException("cannot back up the absolute link " + p + " -> " + to);
                }
                links.put(rel, to.toString());
            } else if (Files.isDirectory(p)) {
                dirs.add(rel);
                collect(root, p, files, links, dirs);
            } else if (Files.isRegularFile(p)) {
                files.put(rel, p);
            }
        }
    }

    /** Copies one file owner-only, returning the SHA-256 of what was read. */
    private static String copy(Path from, Path to) throws IOException {
        MessageDigest sha = sha();
        try (InputStream in = new DigestInputStream(Files.newInputStream(from), sha);
             OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha = sha();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** A path inside the backup: relative, without {@code ..}. */
    private static String safe(String rel) {
        Path p = Path.of(rel);
        if (p.isAbsolute() || p.normalize().startsWith("..") || !p.normalize().toString().equals(rel)) {
            throw new IllegalArgumentException("a path outside the backup: " + rel);
        }
        return rel;
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String describe(Summary s) {
        return String.format("%d files, %.1f MB, in %.1f s", s.files(), s.bytes() / 1e6, s.took().toMillis() / 1000.0);
    }
}

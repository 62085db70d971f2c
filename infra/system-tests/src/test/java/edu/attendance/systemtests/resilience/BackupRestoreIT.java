package edu.attendance.systemtests.resilience;

import edu.attendance.launcher.Backups;
import edu.attendance.launcher.EmbeddedStack;
import edu.attendance.systemtests.Api;
import edu.attendance.systemtests.BurstCollege;
import edu.attendance.systemtests.BurstCollege.Student;
import edu.attendance.systemtests.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The restore drill: a college with a closed session and one still open, the platform stopped and backed up, its data
 * directory wiped, the backup restored into a new one and the platform started there → every report, register and
 * export as before, the students' sign-ins still valid, the open session carries on (those marked before stay marked,
 * the others mark now, its close decides the rest exactly once).
 */
class BackupRestoreIT {

    private static final int PER_CLASS = 12;

    @TempDir
    Path dir;

    @Test
    void aBackupRestoredIntoANewDirectoryCarriesOnWhereThePlatformStopped() throws Exception {
        Path first = dir.resolve("first");
        Path backup = dir.resolve("backup");
        Map<String, Object> settings = Map.of("attendance.capture.campus-cidrs", "127.0.0.0/8",
                "attendance.sessions.qr-rotation-seconds", "60");
        BurstCollege college;
        Map<String, String> before;
        List<Student> later;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try (EmbeddedStack p = TestStack.start(first, settings)) {
                Api api = new Api(p.baseUrl());
                college = BurstCollege.enrol(api, pool, 'k', 2, PER_CLASS);
                // class 0: half scan, then the teacher closes it (the rest ABSENT); class 1: half scan, still open
                List<Student> scanning = college.students().stream().filter(s -> BurstCollege.number(s) < PER_CLASS).toList();
                later = college.students().stream().filter(s -> s.session() == 1 && BurstCollege.number(s) >= PER_CLASS).toList();
                assertThat(college.scanAll(pool, scanning, 4, new AtomicInteger())).containsOnly(202);
                assertThat(api.post("/api/v1/sessions/" + college.sessions().get(0) + "/close", college.teacher(), null).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        BurstCollege.count(p, "SELECT count() FROM decisions FINAL WHERE class_id LIKE 'CK%'") == PER_CLASS + scanning.size() / 2);
                before = reports(api, college);
            }
            Files.createDirectories(backup); // an empty directory that anyone could read: the backup makes it its owner's
            Backups.Summary taken = Backups.backup(first, backup);
            assertThat(taken.files()).isPositive();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rwx------");
            assertThat(Files.readString(backup.resolve("MANIFEST.sha256"))).contains("  keys/").contains("  postgres/PG_VERSION")
                    .contains("  kafka/").contains("  clickhouse/");
            wipe(first);

            Path second = dir.resolve("second");
            // a damaged backup is refused before anything is written
            Path key;
            try (Stream<Path> keys = Files.list(backup.resolve("keys"))) {
                key = keys.findFirst().orElseThrow();
            }
            byte[] original = Files.readAllBytes(key);
            Files.writeString(key, "{}");
            assertThatThrownBy(() -> Backups.restore(backup, second)).hasMessageContaining("damaged");
            assertThat(second).doesNotExist();
            Files.write(key, original);

            Backups.restore(backup, second);
            assertThatThrownBy(() -> Backups.restore(backup, second)).as("never over a data directory").hasMessageContaining("not empty");
            try (EmbeddedStack p = TestStack.start(second, settings)) {
                Api api = new Api(p.baseUrl());
                college = college.on(api);
                assertThat(reports(api, college)).as("every report, register and export as before").isEqualTo(before);
                // the sign-ins issued before the backup still hold (keys and sessions restored); those marked stay marked
                Student marked = college.students().stream().filter(s -> s.session() == 1 && BurstCollege.number(s) < PER_CLASS)
                        .findFirst().orElseThrow();
                assertThat(college.scan(marked, new AtomicInteger())).isEqualTo(409);
                assertThat(college.scanAll(pool, later, 4, new AtomicInteger())).as("the open session carries on").containsOnly(202);
                assertThat(api.post("/api/v1/sessions/" + college.sessions().get(1) + "/close", college.teacher(), null).status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(BurstCollege.query(p,
                        "SELECT count(), countIf(status IN ('PRESENT','LATE')) FROM decisions FINAL WHERE class_id = 'CK1'"))
                        .containsExactly((long) PER_CLASS, (long) PER_CLASS));
                assertThat(BurstCollege.query(p, "SELECT count(), uniqExact(session_id, student_email, version) FROM decisions WHERE class_id LIKE 'CK%'"))
                        .as("no decision doubled by the restore").satisfies(r -> assertThat(r.get(0)).isEqualTo(r.get(1)));
            }
            wipe(second); // with the PostgreSQL cluster that may have moved out of the temporary directory
        }
    }

    /** What management, the teacher and a student read, by request: JSON as served, and each sheet of the register. */
    private static Map<String, String> reports(Api api, BurstCollege college) throws Exception {
        String admin = api.login("admin@college.test");
        Student student = college.students().getFirst();
        String month = YearMonth.from(TestStack.today()).toString();
        Map<String, String> out = new LinkedHashMap<>();
        for (String path : List.of("/api/v1/reports/class-summary?classId=CK0", "/api/v1/reports/class-summary?classId=CK1",
                "/api/v1/reports/at-risk?departmentId=DK", "/api/v1/reports/trends?scope=class&id=CK0&granularity=day",
                "/api/v1/reports/student-summary?studentEmail=" + student.email(), "/api/v1/sessions?subjectId=SK0",
                "/api/v1/admin/roster/students")) {
            Api.Response r = api.get(path, admin);
            assertThat(r.status()).as(path).isEqualTo(200);
            out.put(path, new String(r.body(), StandardCharsets.UTF_8));
        }
        out.put("/api/v1/me/attendance", new String(api.get("/api/v1/me/attendance", student.token()).body(), StandardCharsets.UTF_8));
        Api.Response xlsx = api.get("/api/v1/exports/register?classId=CK0&subjectId=SK0&month=" + month + "&format=xlsx", college.teacher());
        assertThat(xlsx.status()).isEqualTo(200);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx.body()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().startsWith("xl/worksheets/") || e.getName().equals("xl/sharedStrings.xml")) {
                    // the register's own "generated at" line is the one thing that differs between two exports
                    out.put("register " + e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8)
                            .replaceAll("[Gg]enerated [^<]*", "generated"));
                }
            }
        }
        return out;
    }

    private static void wipe(Path root) throws Exception {
        Path pg = root.resolve("postgres").resolve("LOCATION");
        List<Path> roots = new ArrayList<>(List.of(root));
        if (Files.exists(pg)) {
            Path cluster = Path.of(Files.readString(pg).strip());
            roots.add(cluster);
            roots.add(cluster.resolveSibling(cluster.getFileName() + ".password"));
        }
        for (Path r : roots) {
            if (Files.exists(r)) {
                try (Stream<Path> all = Files.walk(r)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}

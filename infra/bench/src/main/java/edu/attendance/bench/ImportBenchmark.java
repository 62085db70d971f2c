package edu.attendance.bench;

import edu.attendance.launcher.EmbeddedStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code ./attendance bench import [--students N]}: roster import throughput through the API on the
 * embedded stack — N students (default 50 000) in one CSV, then the same file again (a no-op upsert).
 */
final class ImportBenchmark {

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(BenchClient.options(args).getOrDefault("students", "50000"));
        Path dir = Files.createTempDirectory("attendance-import-bench");
        try (EmbeddedStack p = EmbeddedStack.start(new EmbeddedStack.Options(dir, 0, Map.of()))) {
            BenchClient api = new BenchClient(p.baseUrl());
            String token = api.login("admin@college.test");
            api.csv(token, "departments", "department_id,name\nD,Dept\n");
            StringBuilder classes = new StringBuilder("class_id,department_id,batch,semester,section\n");
            int classCount = Math.max(1, n / 60);
            for (int c = 0; c < classCount; c++) {
                classes.append("C").append(c).append(",D,2024,1,S").append(c).append('\n');
            }
            api.csv(token, "classes", classes.toString());
            StringBuilder csv = new StringBuilder("email,name,roll_no,class_id\n");
            for (int i = 0; i < n; i++) {
                csv.append("student").append(i).append("@college.test,\"Student, No. ").append(i).append("\",").append(i)
                        .append(",C").append(i % classCount).append('\n');
            }
            System.out.printf("roster file: %d students, %.1f MB%n", n, csv.length() / 1e6);
            for (String round : new String[]{"first import", "re-import (no change)"}) {
                long t0 = System.nanoTime();
                String result = api.csv(token, "students", csv.toString());
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%-22s %.2f s  (%.0f rows/s)  %s%n", round, s, n / s, result);
            }
        }
    }
}

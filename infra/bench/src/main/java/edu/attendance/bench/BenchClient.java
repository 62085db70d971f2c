package edu.attendance.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/** What the benchmarks share: the API as an outside client calls it, bounded parallelism, percentiles, options. */
final class BenchClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Result(int status, JsonNode body) {
    }

    interface Task<T> {
        T run(int i) throws Exception;
    }

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final String base;

    BenchClient(String base) {
        this.base = base;
    }

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return opts;
    }

    String login(String email) throws Exception {
        return post("/api/v1/auth/dev-login", null, "{\"email\":\"" + email + "\"}", Map.of()).body().path("accessToken").asString();
    }

    /** Imports one roster entity; the importer's answer. */
    String csv(String token, String entity, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/roster/" + entity))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(entity + " import failed: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** The {@code data:} payloads of a server-sent event stream as they arrive (blocks; ends with the stream). */
    static Stream<String> events(HttpClient http, String url, String token)
            throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        return r.body().filter(l -> l.startsWith("data:")).map(l -> l.substring(5));
    }

    /** A college's roster files (CSV, with their headers), imported in the order their references need. */
    record Roster(String departments, String classes, String courses, String teachers, String students, String subjects) {

        /**
         * One department ({@code <P>D}) of {@code m} classes ({@code <P>C0…}), each with one subject ({@code <P>S0…}) of one
         * course taught by {@code <name>-teacher@college.test}, and {@code n} students {@code <p>0@<name>.test…} dealt
         * round the classes (student i in class i mod m).
         */
        static Roster ofClasses(char prefix, String name, int m, int n) {
            String p = String.valueOf(prefix);
            String lower = name.toLowerCase(Locale.ROOT);
            String teacher = lower + "-teacher@college.test";
            StringBuilder classes = new StringBuilder("class_id,department_id,batch,semester,section\n");
            StringBuilder subjects = new StringBuilder("subject_id,course_id,class_id,teacher_email\n");
            for (int c = 0; c < m; c++) {
                classes.append(p).append('C').append(c).append(',').append(p).append("D,2024,1,S").append(c).append('\n');
                subjects.append(p).append('S').append(c).append(',').append(p).append("K,").append(p).append('C').append(c).append(',')
                        .append(teacher).append('\n');
            }
            StringBuilder students = new StringBuilder("email,name,roll_no,class_id\n");
            for (int i = 0; i < n; i++) {
                students.append(p.toLowerCase(Locale.ROOT)).append(i).append('@').append(lower).append(".test,Student ").append(i)
                        .append(',').append(i).append(',').append(p).append('C').append(i % m).append('\n');
            }
            return new Roster("department_id,name\n" + p + "D," + name + "\n", classes.toString(), "course_id,name\n" + p + "K," + name + " course\n",
                    "email,name,designation,department_id\n" + teacher + ",T,Prof," + p + "D\n", students.toString(), subjects.toString());
        }
    }

    void importRoster(String token, Roster r) throws Exception {
        csv(token, "departments", r.departments());
        csv(token, "classes", r.classes());
        csv(token, "courses", r.courses());
        csv(token, "teachers", r.teachers());
        csv(token, "students", r.students());
        csv(token, "subjects", r.subjects());
    }

    JsonNode get(String path, String token) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        return JSON.readTree(r.body());
    }

    /** A POST without a body (no Content-Type either), for the routes that take none. */
    Result postNothing(String path, String token) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Result(r.statusCode(), r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }

    Result post(String path, String token, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Result(r.statusCode(), r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }

    /** Runs {@code n} tasks on virtual threads, at most {@code concurrency} at a time; results in order. */
    static <T> List<T> parallel(int n, int concurrency, Task<T> task) throws Exception {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<T>> futures = new ArrayList<>(n);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int k = i;
                permits.acquire();
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return task.run(k);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        permits.release();
                    }
                }, executor));
            }
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}

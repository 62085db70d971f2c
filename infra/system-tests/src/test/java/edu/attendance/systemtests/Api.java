package edu.attendance.systemtests;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** A thin HTTP client for the public API, as an outside client would use it. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public record Response(int status, String contentType, byte[] body, HttpHeaders headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String code() {
            return json().path("code").asString();
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Api(String base) {
        this.base = base;
    }

    public String login(String email) {
        Response r = post("/api/v1/auth/dev-login", null, Map.of("email", email));
        if (r.status() != 200) {
            throw new IllegalStateException("login " + email + " -> " + r.status() + " " + r.text());
        }
        return r.json().path("accessToken").asString();
    }

    public Response get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token, Map.of());
    }

    /** A request without a body, any method. */
    public Response send(String method, String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody()), token, Map.of());
    }

    public Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), token, Map.of());
    }

    public Response post(String path, String token, Object body) {
        return post(path, token, body, Map.of());
    }

    public Response post(String path, String token, Object body, Map<String, String> headers) {
        String json = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token, headers);
    }

    /** A file as the body, with its content type (a claim's document). */
    public Response upload(String path, String token, String contentType, byte[] content) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)), token, Map.of());
    }

    /** The status of a GET without reading the body (for streams). */
    public int status(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET().timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        // a stream gets a client of its own, as an EventSource gets its own connection: abandoning an endless
        // response must not leave a half-read connection in the shared client's pool
        try (HttpClient own = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<InputStream> r = own.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            own.shutdownNow();
            return r.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A department {@code D<tag>} with class {@code C<tag>}, course {@code K<tag>}, subject {@code S<tag>} taught by
     * {@code t<tag>@college.test}, and students {@code a<tag>@…} and {@code b<tag>@…} (tags lower-cased in e-mails).
     */
    public void minimalRoster(String admin, String tag) {
        String t = tag.toLowerCase(Locale.ROOT);
        String[][] files = {
                {"departments", "department_id,name\nD" + tag + ",Dept " + tag + "\n"},
                {"classes", "class_id,department_id,batch,semester,section\nC" + tag + ",D" + tag + ",2024,1,A\n"},
                {"courses", "course_id,name\nK" + tag + ",Course " + tag + "\n"},
                {"teachers", "email,name,designation,department_id\nt" + t + "@college.test,T,Lecturer,D" + tag + "\n"},
                {"students", "email,name,roll_no,class_id\na" + t + "@college.test,A,1,C" + tag + "\nb" + t + "@college.test,B,2,C" + tag + "\n"},
                {"subjects", "subject_id,course_id,class_id,teacher_email\nS" + tag + ",K" + tag + ",C" + tag + ",t" + t + "@college.test\n"}};
        importRoster(admin, files);
    }

    /** Imports roster files in order, each {@code {entity, csv}}; a file the platform refuses fails the test. */
    public void importRoster(String admin, String[][] files) {
        for (String[] f : files) {
            Response r = csv(f[0], admin, f[1]);
            if (r.status() != 200) {
                throw new AssertionError(f[0] + " import failed: " + r.status() + " " + r.text());
            }
        }
    }

    /** A department with one class of four students, their teacher, a subject and a period open all day. */
    public Map<String, String> classWithPeriodToday(String admin, String tag) {
        String dow = TestStack.todayDow();
        String[][] files = {
                {"departments", "department_id,name\nD" + tag + ",Department " + tag + "\n"},
                {"classes", "class_id,department_id,batch,semester,section\nC" + tag + ",D" + tag + ",2024,3,A\n"},
                {"courses", "course_id,name\nK" + tag + ",Operating Systems\n"},
                {"teachers", "email,name,designation,department_id\nt" + tag + "@college.test,Dr Rao " + tag + ",Professor,D" + tag + "\n"},
                {"students", "email,name,roll_no,class_id\na" + tag + "@college.test,Asha Menon,1,C" + tag + "\nb" + tag
                        + "@college.test,Bilal Khan,2,C" + tag + "\nc" + tag + "@college.test,Chen Li,3,C" + tag + "\nd" + tag
                        + "@college.test,Divya Iyer,4,C" + tag + "\n"},
                {"subjects", "subject_id,course_id,class_id,teacher_email\nS" + tag + ",K" + tag + ",C" + tag + ",t" + tag + "@college.test\n"},
                {"periods", "period_id,subject_id,day_of_week,period_no,start_time,end_time\nP" + tag + ",S" + tag + "," + dow + ",1,08:00,20:00\n"}};
        importRoster(admin, files);
        return Map.of("teacher", "t" + tag + "@college.test", "a", "a" + tag + "@college.test", "b", "b" + tag + "@college.test",
                "c", "c" + tag + "@college.test", "d", "d" + tag + "@college.test", "period", "P" + tag, "subject", "S" + tag,
                "class", "C" + tag);
    }

    public Response csv(String entity, String token, String csv) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/roster/" + entity))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)), token, Map.of());
    }

    private Response send(HttpRequest.Builder b, String token, Map<String, String> headers) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        try {
            HttpRequest request = b.timeout(Duration.ofSeconds(30)).build();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Response response = new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
            Conformance.check(base, request.method(), request.uri(), response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

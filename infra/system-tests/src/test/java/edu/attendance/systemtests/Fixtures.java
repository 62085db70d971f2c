package edu.attendance.systemtests;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import edu.attendance.launcher.EmbeddedStack;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the platform tests share: one client of the running test platform and an admin's token (signed in again when
 * it is five minutes old: an access token lives fifteen, and the suite runs longer than that), and builders of the things most tests need — a department's roster, a phone's headers, a fresh QR code, a
 * scan. Each test builds its own department with its own tag, so tests share nothing else.
 */
public final class Fixtures {

    private static final class Once {
        static final Fixtures FIXTURES = new Fixtures();
    }

    public final Api api;
    private String admin;
    private long adminSince;

    private Fixtures() {
        this(TestStack.get());
    }

    private Fixtures(EmbeddedStack platform) {
        api = new Api(platform.baseUrl());
    }

    /** An admin's access token, good for ten minutes more at least. */
    public synchronized String admin() {
        if (admin == null || System.nanoTime() - adminSince > java.time.Duration.ofMinutes(5).toNanos()) {
            admin = api.login("admin@college.test");
            adminSince = System.nanoTime();
        }
        return admin;
    }

    /** The same builders on a platform of a test's own (other settings than the shared one). */
    public static Fixtures on(EmbeddedStack platform) {
        return new Fixtures(platform);
    }

    public static Fixtures get() {
        return Once.FIXTURES;
    }

    /** Imports a department with one class of three students, one teacher, a subject and a period open now. */
    public Map<String, String> roster(String tag) {
        String dow = TestStack.todayDow();
        assertThat(api.csv("departments", admin(), "department_id,name\r\nD" + tag + ",Dept " + tag + "\r\n").status()).isEqualTo(200);
        assertThat(api.csv("classes", admin(), "\uFEFFclass_id,department_id,batch,semester,section\nC" + tag + ",D" + tag + ",2024,3,A\nX" + tag + ",D" + tag + ",2024,3,B\n").status()).isEqualTo(200);
        assertThat(api.csv("courses", admin(), "name,course_id\n\"Data Structures, Advanced\",K" + tag + "\n").status()).isEqualTo(200);
        assertThat(api.csv("teachers", admin(), "email,name,designation,department_id\nT" + tag + "@College.test,Teacher,Professor,D" + tag + "\n").status()).isEqualTo(200);
        assertThat(api.csv("students", admin(), "email,name,roll_no,class_id\n"
                + "a" + tag + "@college.test,Asha,1,C" + tag + "\n"
                + "b" + tag + "@college.test,Bilal,2,C" + tag + "\n"
                + "c" + tag + "@college.test,Chen,3,C" + tag + "\n"
                + "z" + tag + "@college.test,Zed,1,X" + tag + "\n").status()).isEqualTo(200);
        assertThat(api.csv("subjects", admin(), "subject_id,course_id,class_id,teacher_email\nS" + tag + ",K" + tag + ",C" + tag + ",t" + tag + "@college.test\n").status()).isEqualTo(200);
        assertThat(api.csv("periods", admin(), "period_id,subject_id,day_of_week,period_no,start_time,end_time\nP" + tag + ",S" + tag + "," + dow + ",1,08:00,20:00\n").status()).isEqualTo(200);
        return Map.of("teacher", "t" + tag + "@college.test", "a", "a" + tag + "@college.test", "b", "b" + tag + "@college.test",
                "c", "c" + tag + "@college.test", "outsider", "z" + tag + "@college.test", "period", "P" + tag, "subject", "S" + tag,
                "class", "C" + tag, "department", "D" + tag);
    }

    public static Map<String, String> device(String uuid) {
        return Map.of("X-Device-Id", uuid, "X-Device-Fingerprint", "fp-" + uuid + "-print");
    }

    public String registerDevice(String token, String uuid) {
        Api.Response r = api.post("/api/v1/devices", token, Map.of("deviceUuid", uuid, "fingerprintHash", "fp-" + uuid + "-print",
                "platform", "ANDROID", "integrity", "STRONG"));
        assertThat(r.status()).isEqualTo(200);
        return r.json().path("status").asString();
    }

    /**
     * A QR token whose window has just begun, so the steps that follow have its whole validity (two rotations)
     * whatever the machine's load: waits for the next rotation.
     */
    public String freshQr(String sessionId, String teacher) {
        String now = api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString();
        long window = Long.parseLong(now.split("\\.")[2]);
        return await().atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/api/v1/sessions/" + sessionId + "/qr", teacher).json().path("token").asString(),
                        t -> Long.parseLong(t.split("\\.")[2]) > window);
    }

    public static Map<String, Object> scan(UUID submissionId, String token) {
        return Map.of("submissionId", submissionId.toString(), "qrToken", token, "capturedAt", Instant.now().toString(),
                "offline", false);
    }

    public static JsonNode student(JsonNode live, String email) {
        return live.path("students").valueStream().filter(s -> s.path("email").asString().equals(email)).findFirst()
                .orElse(Api.JSON.missingNode());
    }
}

package edu.attendance.bench;

import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.IsoInstants;
import edu.attendance.contracts.JsonSerde;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.platform.web.AddressRanges;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code ./attendance bench micro}: the scan path's small pieces timed one at a time, each beside what it replaced, in
 * one JVM on one thread (what the whole-stack runs of {@code bench compare} cannot separate from the machine's noise).
 * Each is run until warm, then timed in rounds of 200 000 calls; the median of seven rounds is printed as nanoseconds per call.
 * A figure here is CPU on a quiet core, not what the piece costs inside the loaded stack (memory and caches are then
 * shared), so the ratio between the two columns is what it tells.
 */
public final class MicroBenchmark {

    private static final String BODY = "{\"submissionId\":\"" + UUID.randomUUID() + "\",\"qrToken\":\"v1.0b6f1c1e5d2a4c1b.29440512.Zm9vYmFyYmF6cXV4\","
            + "\"capturedAt\":\"2026-12-08T09:00:00.123Z\",\"offline\":false,\"networkRttMs\":120,\"location\":{\"lat\":12.97,\"lon\":77.59,"
            + "\"accuracyM\":20},\"leftApp\":{\"times\":1,\"ms\":2300}}";

    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            JsonMapper plain = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            JsonMapper app = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).addModule(IsoInstants.module()).build();
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

            // the fast lane's body reading: before, data binding into the record and the bean validator
            Class<?> record = Class.forName("edu.attendance.ingest.capture.ScanController$ScanBody");
            Class<?> readerType = Class.forName("edu.attendance.ingest.capture.ScanJson");
            var ctor = readerType.getDeclaredConstructor(JsonMapper.class);
            ctor.setAccessible(true);
            Object reader = ctor.newInstance(app);
            Method read = readerType.getDeclaredMethod("read", byte[].class);
            read.setAccessible(true);
            var binder = plain.readerFor(record);
            compare("scan body: bound and validated → read token by token (ScanJson)", () -> {
                Object scan = binder.readValue(body);
                return validator.validate(scan).isEmpty() ? scan : null;
            }, () -> invoke(read, reader, body));

            // a time in an event or a body
            String time = "\"2026-12-08T09:00:00.123456Z\"";
            compare("one Instant read: Jackson's InstantDeserializer → IsoInstants", () -> plain.readValue(time, Instant.class),
                    () -> JsonSerde.MAPPER.readValue(time, Instant.class));
            SubmissionAccepted event = new SubmissionAccepted(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "c1@compare.test",
                    CaptureMethod.QR, Instant.parse("2026-12-08T09:00:00.123456Z"), Instant.parse("2026-12-08T09:00:00.125Z"), false,
                    UUID.randomUUID().toString(), "127.0.0.1", 0, List.of());
            byte[] encoded = JsonSerde.MAPPER.writeValueAsBytes(event);
            compare("the accepted-scan event read (the stream's input)", () -> plain.readValue(encoded, SubmissionAccepted.class),
                    () -> JsonSerde.MAPPER.readValue(encoded, SubmissionAccepted.class));

            // the campus ranges, asked twice per scan
            IpAddressMatcher spring = new IpAddressMatcher("127.0.0.0/8");
            AddressRanges ranges = AddressRanges.of(List.of("127.0.0.0/8"));
            compare("campus range check: IpAddressMatcher → AddressRanges", () -> spring.matches("127.0.0.1"),
                    () -> ranges.contains("127.0.0.1"));

            // the firewall's header check over a phone's request: Spring's read-only copy → the server's own lines
            DefaultHttpHeaders netty = new DefaultHttpHeaders();
            netty.add("Host", "attendance.college.edu").add("User-Agent", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0")
                    .add("Accept", "application/json").add("Accept-Language", "en-IN,en;q=0.9").add("Content-Type", "application/json")
                    .add("Content-Length", "300").add("Authorization", "Bearer " + "x".repeat(600)).add("X-Device-Id", "phone-1")
                    .add("X-Device-Fingerprint", "fp-" + "a".repeat(60)).add("Origin", "https://attendance.college.edu")
                    .add("Sec-Fetch-Site", "same-origin").add("Connection", "keep-alive");
            HttpHeaders readOnly = HttpHeaders.readOnlyHttpHeaders(new Netty4HeadersAdapter(netty));
            compare("header lines checked: Spring's headerSet() → Netty's lines", () -> {
                int n = 0;
                for (Map.Entry<String, List<String>> h : readOnly.headerSet()) {
                    n += h.getKey().length() + h.getValue().size();
                }
                return n;
            }, () -> {
                int n = 0;
                for (var it = netty.iteratorCharSequence(); it.hasNext(); ) {
                    var h = it.next();
                    n += h.getKey().length() + 1;
                }
                return n;
            });
        }
    }

    private static Object invoke(Method m, Object target, Object arg) {
        try {
            return m.invoke(target, arg);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compare(String what, Supplier<Object> before, Supplier<Object> after) {
        double b = time(before);
        double a = time(after);
        System.out.printf(Locale.ROOT, "%-70s %8.0f ns → %6.0f ns per call (%.1f× less)%n", what, b, a, b / a);
    }

    /** Median nanoseconds per call over 7 timed rounds, after 3 untimed ones. */
    private static double time(Supplier<Object> work) {
        int calls = 200_000;
        List<Double> rounds = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink = work.get();
            }
            double perCall = (System.nanoTime() - t0) / (double) calls;
            if (r >= 3) {
                rounds.add(perCall);
            }
        }
        Collections.sort(rounds);
        return rounds.get(rounds.size() / 2);
    }
}

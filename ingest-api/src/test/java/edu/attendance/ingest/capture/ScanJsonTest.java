package edu.attendance.ingest.capture;

import edu.attendance.contracts.IsoInstants;
import edu.attendance.ingest.device.DeviceKeys;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast lane's reader against the record's own reading (the application's mapper settings: duplicates refused, the
 * same time reading; then the bean validator): for every body it either declines (the chain then judges) or reads
 * exactly what the binder and validator would accept — never a scan they would refuse, never a different one.
 */
class ScanJsonTest {

    static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .addModule(IsoInstants.module()).build();
    static final jakarta.validation.ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    static final Validator VALIDATOR = FACTORY.getValidator();
    final ScanJson reader = new ScanJson(JSON);

    static final String ID = "0b6f1c1e-5d2a-4c1b-9a43-3e2f8f6b9c10";
    static final String PROOF = "{\"kind\":\"INSTALL_KEY\",\"credentialId\":null,\"clientDataJSON\":null,\"authenticatorData\":null,"
            + "\"signature\":\"MEUCIQDx-_abc123\"}";

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    /** What the binder and validator make of a body: the scan, or null when either refuses it. */
    static ScanController.ScanBody bound(String body) {
        try {
            ScanController.ScanBody scan = JSON.readValue(body, ScanController.ScanBody.class);
            return scan != null && VALIDATOR.validate(scan).isEmpty() && !body.contains("\\u0000") ? scan : null;
        } catch (RuntimeException refused) {
            return null;
        }
    }

    ScanController.ScanBody read(String body) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // the bench's and an old phone's body
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"tok.abc-_1\",\"capturedAt\":\"2026-12-08T09:00:00.123456Z\",\"offline\":false}",
            // the web app's: location, left-app counts, the round trip, the phone key's proof
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"tok\",\"capturedAt\":\"2026-12-08T09:00:00.123Z\",\"location\":{\"lat\":12.97,"
                    + "\"lon\":77.59,\"accuracyM\":15},\"leftApp\":{\"times\":1,\"ms\":2300},\"proof\":" + PROOF
                    + ",\"offline\":false,\"networkRttMs\":120}",
            "{\"submissionId\":\"0B6F1C1E-5D2A-4C1B-9A43-3E2F8F6B9C10\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"location\":null,"
                    + "\"leftApp\":null,\"proof\":null,\"offline\":null,\"networkRttMs\":null}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"offline\":true}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"location\":{\"lat\":-90,\"lon\":180},"
                    + "\"leftApp\":{\"times\":0,\"ms\":0},\"networkRttMs\":60000}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"proof\":{\"kind\":\"PASSKEY\","
                    + "\"credentialId\":\"abc\",\"clientDataJSON\":\"eyJ0\",\"authenticatorData\":\"\",\"signature\":\"c2ln\"}}",
            " {\"capturedAt\":\"2099-12-31T23:59:59.999999999Z\",\"qrToken\":\" x \",\"submissionId\":\"" + ID + "\"} "})
    void readsWhatPhonesSendExactlyAsTheRecordDoes(String body) {
        ScanController.ScanBody expected = bound(body);
        assertThat(expected).as("the record's reading accepts it").isNotNull();
        assertThat(read(body)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "null", "[]", "{}", "\"x\"", "{\"submissionId\":\"" + ID + "\"}",
            // missing, null or blank required members
            "{\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\"}",
            "{\"submissionId\":null,\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\"}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"  \",\"capturedAt\":\"2026-12-08T09:00:00Z\"}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"\\u0001\",\"capturedAt\":\"2026-12-08T09:00:00Z\"}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":null}",
            // a repeated member, an unknown one, trailing content, a NUL
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"qrToken\":\"u\",\"capturedAt\":\"2026-12-08T09:00:00Z\"}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"extra\":1}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\"}{}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\\u0000\",\"capturedAt\":\"2026-12-08T09:00:00Z\"}",
            // out of range or of another type
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"1999-12-31T23:59:59Z\"}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2100-01-01T00:00:00Z\"}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T10:00:00+01:00\"}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":1765184400}",
            "{\"submissionId\":\"not-a-uuid\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\"}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":7,\"capturedAt\":\"2026-12-08T09:00:00Z\"}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"offline\":\"false\"}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"networkRttMs\":-1}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"networkRttMs\":60001}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"networkRttMs\":1.5}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"location\":{\"lat\":91,\"lon\":0}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"location\":{\"lat\":0}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"location\":{\"lat\":0,\"lon\":0,\"accuracyM\":-1}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"location\":{\"lat\":0,\"lon\":0,\"accuracyM\":100001}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"location\":{\"lat\":\"1\",\"lon\":0}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"leftApp\":{\"times\":1001,\"ms\":1}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"leftApp\":{\"times\":1,\"ms\":3600001}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"leftApp\":{\"times\":1}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"proof\":{\"kind\":\"OTHER\",\"signature\":\"a\"}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"proof\":{\"kind\":\"PASSKEY\",\"signature\":\"\"}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"proof\":{\"kind\":\"PASSKEY\",\"signature\":\"a+b/\"}}",
            "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"t\",\"capturedAt\":\"2026-12-08T09:00:00Z\",\"proof\":{\"signature\":\"ab\"}}"})
    void declinesWhatItDoesNotVouchFor(String body) {
        assertThat(read(body)).isNull();
    }

    @Test
    void aLongTokenIsTheRecordsToJudge() {
        String body = "{\"submissionId\":\"" + ID + "\",\"qrToken\":\"" + "a".repeat(201) + "\",\"capturedAt\":\"2026-12-08T09:00:00Z\"}";
        assertThat(read(body)).isNull();
        assertThat(read(body.replace("a".repeat(201), "a".repeat(200)))).isNotNull().isEqualTo(bound(body.replace("a".repeat(201), "a".repeat(200))));
    }

    /**
     * Mutations of the web app's body — each member's value swapped for another JSON value, dropped, or doubled — never
     * make the reader accept what the record refuses or read it differently.
     */
    @Test
    void neverLooserThanTheRecordUnderMutation() {
        List<String> values = List.of("null", "true", "false", "0", "-1", "1.5", "1e400", "-0.0", "60000", "60001", "1001", "3600000",
                "9223372036854775808", "\"\"", "\" \"", "\"t\"", "\"" + ID + "\"", "\"2026-12-08T09:00:00Z\"", "\"1999-01-01T00:00:00Z\"",
                "\"PASSKEY\"", "\"abc+\"", "{}", "[]", "{\"lat\":1,\"lon\":2}", "{\"times\":1,\"ms\":1}", PROOF, "{\"x\":1}");
        String[] members = {"submissionId", "qrToken", "capturedAt", "offline", "location", "networkRttMs", "leftApp", "proof"};
        String[] base = {"\"" + ID + "\"", "\"tok\"", "\"2026-12-08T09:00:00.123Z\"", "false", "{\"lat\":12.97,\"lon\":77.59,\"accuracyM\":15}",
                "120", "{\"times\":1,\"ms\":2300}", PROOF};
        Random random = new Random(25);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder body = new StringBuilder("{");
            for (int m = 0; m < members.length; m++) {
                int roll = random.nextInt(10);
                if (roll == 0) {
                    continue; // dropped
                }
                String value = roll == 1 ? values.get(random.nextInt(values.size())) : base[m];
                if (roll == 2 && m >= 4) {
                    value = mutateInside(base[m], values, random);
                }
                body.append(body.length() > 1 ? "," : "").append('"').append(members[m]).append("\":").append(value);
                if (roll == 3 && random.nextInt(4) == 0) {
                    body.append(",\"").append(members[m]).append("\":").append(value); // doubled
                }
            }
            String json = body.append('}').toString();
            ScanController.ScanBody read = read(json);
            if (read != null) {
                accepted++;
                assertThat(read).as(json).isEqualTo(bound(json));
            }
        }
        assertThat(accepted).as("the unmutated shapes among them are read").isGreaterThan(1000);
    }

    /** One member of a nested object given another value. */
    private static String mutateInside(String object, List<String> values, Random random) {
        if (!object.startsWith("{")) {
            return object;
        }
        String[] parts = object.substring(1, object.length() - 1).split(",");
        int k = random.nextInt(parts.length);
        String name = parts[k].substring(0, parts[k].indexOf(':'));
        parts[k] = name + ":" + values.get(random.nextInt(values.size()));
        return "{" + String.join(",", parts) + "}";
    }

    @Test
    void theScanItReadsIsTheOneCaptureGets() {
        ScanController.ScanBody scan = read("{\"submissionId\":\"" + ID + "\",\"qrToken\":\"tok\",\"capturedAt\":\"2026-12-08T09:00:00.5Z\","
                + "\"networkRttMs\":80,\"proof\":" + PROOF + "}");
        assertThat(scan.submissionId()).isEqualTo(UUID.fromString(ID));
        assertThat(scan.capturedAt()).isEqualTo(Instant.parse("2026-12-08T09:00:00.5Z"));
        assertThat(scan.proof().kind()).isEqualTo(DeviceKeys.KeyKind.INSTALL_KEY);
        assertThat(scan.online().networkRtt()).hasMillis(80);
    }
}

package edu.attendance.ingest.capture;

import edu.attendance.contracts.IsoInstants;
import edu.attendance.ingest.device.DeviceKeys;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@link CaptureFastLane}'s reading of a scan's body: token by token, each field checked against the constraints
 * {@link ScanController.ScanBody} declares, without data binding or the bean validator (together about a tenth of the
 * scan route's CPU). It vouches only for the plain shape a phone sends — each known member at most once, of the JSON
 * type the record has, within its constraints, times in the canonical UTC form ({@link IsoInstants}) — and answers
 * null for anything else: an unknown or repeated member, a number where a string belongs or the reverse, a value out
 * of range, a NUL character, trailing content. The full chain then reads that body with the application's mapper and
 * validator and refuses it (or, for a shape the binder takes and this does not, accepts it) with the one source of
 * truth for bad input, so this reader may be stricter than the record, never looser.
 */
final class ScanJson {

    private static final Instant EARLIEST = ScanController.ScanBody.EARLIEST;
    private static final Instant LATEST = ScanController.ScanBody.LATEST;

    /** Each object's members in the order of their bits (member i is bit 1 << i). */
    private static final List<String> SCAN = List.of("submissionId", "qrToken", "capturedAt", "offline", "location", "networkRttMs",
            "leftApp", "proof");
    private static final List<String> LOCATION = List.of("lat", "lon", "accuracyM");
    private static final List<String> PROOF = List.of("kind", "credentialId", "clientDataJSON", "authenticatorData", "signature");

    private final JsonMapper json;

    ScanJson(JsonMapper json) {
        this.json = json;
    }

    /** The body as a valid scan, or null when this reader does not vouch for it. */
    ScanController.ScanBody read(byte[] body) {
        try (JsonParser p = json.createParser(body)) {
            ScanController.ScanBody scan = p.nextToken() == JsonToken.START_OBJECT ? scan(p) : null;
            return scan != null && p.nextToken() == null ? scan : null;
        } catch (JacksonException | IllegalArgumentException | java.time.DateTimeException notPlain) {
            return null;
        }
    }

    private static ScanController.ScanBody scan(JsonParser p) {
        UUID submissionId = null;
        String qrToken = null;
        Instant capturedAt = null;
        Boolean offline = null;
        ScanController.Location location = null;
        Integer networkRttMs = null;
        ScanController.LeftApp leftApp = null;
        DeviceKeys.Proof proof = null;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            int bit = member(p, t, SCAN, seen);
            if (bit == 0) {
                return null;
            }
            seen |= bit;
            JsonToken v = p.nextToken();
            switch (bit) {
                case 1 -> {
                    if ((submissionId = uuid(string(p, v))) == null) {
                        return null;
                    }
                }
                case 2 -> {
                    qrToken = string(p, v);
                    if (qrToken == null || qrToken.length() > 200 || qrToken.isBlank() || qrToken.trim().isEmpty()) {
                        return null;
                    }
                }
                case 4 -> {
                    String s = string(p, v);
                    capturedAt = s == null ? null : IsoInstants.parse(s);
                    if (capturedAt == null || capturedAt.isBefore(EARLIEST) || !capturedAt.isBefore(LATEST)) {
                        return null;
                    }
                }
                case 8 -> {
                    if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                        offline = v == JsonToken.VALUE_TRUE;
                    } else if (v != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case 16 -> {
                    if (v == JsonToken.START_OBJECT) {
                        if ((location = location(p)) == null) {
                            return null;
                        }
                    } else if (v != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case 32 -> {
                    if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                        networkRttMs = p.getIntValue();
                        if (networkRttMs < 0 || networkRttMs > 60_000) {
                            return null;
                        }
                    } else if (v != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                case 64 -> {
                    if (v == JsonToken.START_OBJECT) {
                        if ((leftApp = leftApp(p)) == null) {
                            return null;
                        }
                    } else if (v != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
                default -> {
                    if (v == JsonToken.START_OBJECT) {
                        if ((proof = proof(p)) == null) {
                            return null;
                        }
                    } else if (v != JsonToken.VALUE_NULL) {
                        return null;
                    }
                }
            }
        }
        return (seen & 7) == 7 ? new ScanController.ScanBody(submissionId, qrToken, capturedAt, offline, location, networkRttMs,
                leftApp, proof) : null;
    }

    /** {@code lat} and {@code lon} required, {@code accuracyM} optional; numbers only. */
    private static ScanController.Location location(JsonParser p) {
        Double lat = null;
        Double lon = null;
        Double accuracy = null;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            int bit = member(p, t, LOCATION, seen);
            if (bit == 0) {
                return null;
            }
            seen |= bit;
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL && bit == 4) {
                continue;
            }
            if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
                return null;
            }
            double d = p.getDoubleValue();
            switch (bit) {
                case 1 -> lat = d;
                case 2 -> lon = d;
                default -> accuracy = d;
            }
        }
        if (lat == null || lon == null || !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)
                || (accuracy != null && (!(accuracy >= 0 && accuracy <= 100_000) || Double.doubleToRawLongBits(accuracy) < 0))) {
            return null;
        }
        return new ScanController.Location(lat, lon, accuracy);
    }

    /** Both counts present, whole numbers within their bounds. */
    private static ScanController.LeftApp leftApp(JsonParser p) {
        long times = -1;
        long ms = -1;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (t != JsonToken.PROPERTY_NAME) {
                return null;
            }
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return null;
            }
            long value = p.getLongValue();
            if (value < 0) {
                return null;
            }
            switch (name) {
                case "times" -> {
                    if (times >= 0 || value > 1000) {
                        return null;
                    }
                    times = value;
                }
                case "ms" -> {
                    if (ms >= 0 || value > 3_600_000) {
                        return null;
                    }
                    ms = value;
                }
                default -> {
                    return null;
                }
            }
        }
        return times < 0 || ms < 0 ? null : new ScanController.LeftApp((int) times, ms);
    }

    /** The phone key's signature: {@code kind} and {@code signature} required, each string base64url within its size. */
    private static DeviceKeys.Proof proof(JsonParser p) {
        DeviceKeys.KeyKind kind = null;
        String credentialId = null;
        String clientDataJson = null;
        String authenticatorData = null;
        String signature = null;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            int bit = member(p, t, PROOF, seen);
            if (bit == 0) {
                return null;
            }
            seen |= bit;
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL && bit != 1 && bit != 16) {
                continue;
            }
            String s = string(p, v);
            if (s == null) {
                return null;
            }
            if (bit == 1) {
                kind = switch (s) {
                    case "PASSKEY" -> DeviceKeys.KeyKind.PASSKEY;
                    case "INSTALL_KEY" -> DeviceKeys.KeyKind.INSTALL_KEY;
                    default -> null;
                };
                if (kind == null) {
                    return null;
                }
                continue;
            }
            String checked = switch (bit) {
                case 2 -> credentialId = base64Url(s, 1400);
                case 4 -> clientDataJson = base64Url(s, 2048);
                case 8 -> authenticatorData = base64Url(s, 1024);
                default -> signature = s.isEmpty() ? null : base64Url(s, 1024);
            };
            if (checked == null) {
                return null;
            }
        }
        return kind == null || signature == null ? null
                : new DeviceKeys.Proof(kind, credentialId, clientDataJson, authenticatorData, signature);
    }

    /**
     * The bit of the member whose name {@code t} is (1 << its index in {@code members}), or 0 when this reader declines it:
     * {@code t} is no member name, the member is unknown or already {@code seen}.
     */
    private static int member(JsonParser p, JsonToken t, List<String> members, int seen) {
        int index = t == JsonToken.PROPERTY_NAME ? members.indexOf(p.currentName()) : -1;
        int bit = index < 0 ? 0 : 1 << index;
        return (seen & bit) != 0 ? 0 : bit;
    }

    /** A JSON string without NUL (which the application's mapper refuses), or null for any other token. */
    private static String string(JsonParser p, JsonToken v) {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getString();
        return s.indexOf('\0') >= 0 ? null : s;
    }

    /** {@code s} when it is base64url's alphabet only and at most {@code max} characters, else null. */
    private static String base64Url(String s, int max) {
        if (s.length() > max) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return null;
            }
        }
        return s;
    }

    /** The canonical 36-character form only (what Jackson reads as such), else null. */
    private static UUID uuid(String s) {
        if (s == null || s.length() != 36) {
            return null;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return null;
            }
        }
        return UUID.fromString(s);
    }
}

package edu.attendance.launcher;

import edu.attendance.platform.security.SigningKeys;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./attendance keys rotate [file]}: a new token signing key first in the issuer's key file, the current one kept
 * behind it so that tokens signed before go on verifying until they expire. The file defaults to
 * {@code ATTENDANCE_AUTH_JWT_KEY_FILE}, else {@code <ATTENDANCE_DATA_DIR>/keys/jwt-signing.jwk}; a running ingest
 * follows within seconds, and the other services fetch the new public key when they first meet it.
 *
 * <p>{@code ./attendance keys rotate --lti [file]}: the same for the LTI tool's keys (docs/lms.md), by default
 * {@code ATTENDANCE_LTI_TOOL_KEY_FILE}, else {@code <ATTENDANCE_DATA_DIR>/keys/lti-tool.jwks.json}; made when absent (the
 * Kubernetes secret's file). The LMSs fetch the tool's new public key when they first meet it.
 */
final class KeysCommand {

    private KeysCommand() {
    }

    public static void main(String[] args) {
        boolean lti = args.length > 1 && args[1].equals("--lti");
        int rest = lti ? 2 : 1;
        if (args.length < 1 || !args[0].equals("rotate") || args.length > rest + 1) {
            System.err.println("usage: ./attendance keys rotate [--lti] [key file]");
            System.exit(2);
        }
        Path file = args.length == rest + 1 ? Path.of(args[rest]) : lti ? ltiFile() : defaultFile();
        List<String> ids = SigningKeys.rotate(file);
        if (lti) {
            System.out.println("Rotated the LTI tool's keys in " + file.toAbsolutePath() + ": signing now with " + ids.getFirst());
            System.out.println("Running services sign the LMS calls with it within 2 s; the LMSs fetch it from /api/v1/lti/jwks.");
            return;
        }
        System.out.println("Rotated the token signing keys in " + file.toAbsolutePath());
        System.out.println("  signing now with   " + ids.getFirst());
        if (ids.size() > 1) {
            System.out.println("  still verifying    " + ids.get(1) + "   (the tokens it signed, until they expire)");
        }
        System.out.println("A running ingest signs with the new key within 2 s; rotate again only after an access token's"
                + " lifetime (15 min by default), or the oldest tokens are refused and their apps refresh.");
    }

    private static Path ltiFile() {
        String configured = System.getenv("ATTENDANCE_LTI_TOOL_KEY_FILE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getenv().getOrDefault("ATTENDANCE_DATA_DIR", "data")).resolve("keys").resolve("lti-tool.jwks.json");
    }

    private static Path defaultFile() {
        String configured = System.getenv("ATTENDANCE_AUTH_JWT_KEY_FILE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String data = System.getenv().getOrDefault("ATTENDANCE_DATA_DIR", "data");
        return Path.of(data).resolve("keys").resolve("jwt-signing.jwk");
    }
}

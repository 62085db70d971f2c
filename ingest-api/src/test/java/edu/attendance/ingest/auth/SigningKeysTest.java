package edu.attendance.ingest.auth;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import edu.attendance.platform.security.Role;
import edu.attendance.platform.security.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The issuer's keys: generated once, published without private parts, rotated without signing anybody out. */
class SigningKeysTest {

    @TempDir
    Path dir;
    final AtomicLong nanos = new AtomicLong();

    SigningKeys keys(Path file) {
        return new SigningKeys(file, nanos::get);
    }

    /** Past the re-check interval: the file is looked at again on the next use. */
    void later() {
        nanos.addAndGet(SigningKeys.RECHECK_NANOS);
    }

    static boolean verifies(SigningKeys keys, String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = keys.publicKey(jwt.getHeader().getKeyID()).orElse(null);
        if (key == null) {
            return false;
        }
        JWSVerifier verifier = new RSASSAVerifier(key.toRSAKey());
        return jwt.verify(verifier);
    }

    static String token(TokenIssuer issuer) {
        return issuer.accessToken("t@college.test", "T", Role.TEACHER, null, null);
    }

    @Test
    void theFirstStartWritesAnOwnerOnlySetOfOneKeyAndPublishesOnlyItsPublicPart() throws Exception {
        Path file = dir.resolve("keys/jwt-signing.jwk");
        SigningKeys keys = keys(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SigningKeys.parse(Files.readString(file))).singleElement().satisfies(k -> assertThat(k.isPrivate()).isTrue());
        String published = keys.publicSet().toString(true);
        assertThat(published).contains(keys.signing().getKeyID()).doesNotContain("\"d\"").doesNotContain("\"p\"")
                .doesNotContain("\"q\"").doesNotContain("\"dp\"");
        assertThat(keys.publicKeys()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(keys(file).signing().getKeyID()).as("the next start reads the same key").isEqualTo(keys.signing().getKeyID());
    }

    @Test
    void aFileOfOneBareKeyAsWrittenBeforeRotationIsReadAsASetOfOne() throws Exception {
        Path file = dir.resolve("jwt-signing.jwk");
        RSAKey bare = SigningKeys.newKey();
        Files.writeString(file, bare.toJSONString());
        assertThat(keys(file).signing().getKeyID()).isEqualTo(bare.getKeyID());
    }

    @Test
    void aRotationSignsWithTheNewKeyAndTheOldTokensGoOnVerifyingWithoutARestart() throws Exception {
        Path file = dir.resolve("jwt-signing.jwk");
        SigningKeys keys = keys(file);
        TokenIssuer issuer = new TokenIssuer(keys, "attendance-platform", Duration.ofMinutes(15), Clock.systemUTC());
        String before = token(issuer);
        String oldId = keys.signing().getKeyID();

        List<String> ids = SigningKeys.rotate(file);
        assertThat(ids).hasSize(2).element(1).isEqualTo(oldId);
        assertThat(keys.signing().getKeyID()).as("within the re-check interval the key read last still signs").isEqualTo(oldId);
        later();
        assertThat(keys.signing().getKeyID()).isEqualTo(ids.getFirst());
        String after = token(issuer);
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(ids.getFirst());
        assertThat(verifies(keys, before)).as("a token signed before the rotation").isTrue();
        assertThat(verifies(keys, after)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aSecondRotationDropsTheKeyTwoRotationsOld() throws Exception {
        Path file = dir.resolve("jwt-signing.jwk");
        SigningKeys keys = keys(file);
        String first = keys.signing().getKeyID();
        List<String> second = SigningKeys.rotate(file);
        List<String> third = SigningKeys.rotate(file);
        assertThat(third).containsExactly(third.getFirst(), second.getFirst()).doesNotContain(first);
        later();
        assertThat(keys.publicKey(first)).isEmpty();
        assertThat(keys.publicKeys()).extracting(JWK::getKeyID).containsExactlyElementsOf(third);
    }

    @Test
    void aTokenNamingAKeyNotSeenYetMakesAnotherInstanceLookAtTheFileAtOnce() throws Exception {
        Path file = dir.resolve("jwt-signing.jwk");
        SigningKeys here = keys(file);
        here.publicKeys();
        List<String> ids = SigningKeys.rotate(file);
        // another instance sharing the file already signs with the new key; this one has not re-read the file yet
        nanos.addAndGet(SigningKeys.UNKNOWN_KEY_RECHECK_NANOS);
        assertThat(here.publicKey(ids.getFirst())).isPresent();
    }

    @Test
    void unknownKeyIdsDoNotMakeEveryRequestReadTheFile() throws Exception {
        Path file = dir.resolve("jwt-signing.jwk");
        SigningKeys keys = keys(file);
        List<String> ids = SigningKeys.rotate(file);
        assertThat(keys.publicKey(ids.getFirst())).as("re-read at most every 100 ms, however many made-up ids arrive").isEmpty();
    }

    @Test
    void aBadEditOfTheRunningFileKeepsTheKeysReadBefore() throws Exception {
        Path file = dir.resolve("jwt-signing.jwk");
        SigningKeys keys = keys(file);
        String id = keys.signing().getKeyID();
        Files.writeString(file, "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}");
        later();
        assertThat(keys.signing().getKeyID()).isEqualTo(id);
    }

    @Test
    void aFileOfPublicOrNamelessKeysIsRefusedAtStart() throws Exception {
        Path publicOnly = dir.resolve("public.jwk");
        Files.writeString(publicOnly, SigningKeys.newKey().toPublicJWK().toJSONString());
        assertThatThrownBy(() -> keys(publicOnly)).hasMessageContaining("private RSA key with a kid");
        Path nameless = dir.resolve("nameless.jwk");
        Files.writeString(nameless, new RSAKeyGenerator(2048).generate().toJSONString());
        assertThatThrownBy(() -> keys(nameless)).hasMessageContaining("private RSA key with a kid");
        Path empty = dir.resolve("empty.jwk");
        Files.writeString(empty, "{\"keys\":[]}");
        assertThatThrownBy(() -> keys(empty)).hasMessageContaining("holds no key");
    }
}

package edu.attendance.ingest.device;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * ECDSA P-256 <em>verification</em> by the machine's OpenSSL 3 (libcrypto), called through the JDK's foreign-function
 * interface, offered as a JCA provider ahead of the JDK's own. Every capture carries a phone key's signature (rule 6), and
 * the JDK's verifier takes 370–440 µs of CPU for one on the machines measured, OpenSSL about 55 µs (docs/benchmarks.md) —
 * the difference between the proof costing more than the rest of a scan and costing a tenth of it. As a provider it serves
 * both the install keys' signatures ({@link DeviceKeys}) and webauthn4j's passkey assertions, which ask the JCA for
 * {@code SHA256withECDSA} by name.
 *
 * <p>Verification only, P-256 public keys only: the provider declares {@code ECPublicKey} as its key class and refuses other
 * curves at {@code initVerify}, so the JCA hands signing and every other key to the next provider. The message is hashed in
 * Java (SHA-256, an intrinsic) and the digest verified by {@code EVP_PKEY_verify}. Each key is parsed by OpenSSL once
 * ({@code d2i_PUBKEY} costs about twice a verification) and kept by its encoding; a kept key is freed only once no thread
 * can still be using it (the segment's automatic arena frees it after it becomes unreachable). Installed only when the
 * library loads, is OpenSSL 3 or later, and verifies a known good signature and refuses a bad one; otherwise the JDK's
 * verifier stays, and the log says so.
 */
final class OpenSslEcdsa extends Provider {

    private static final Logger log = LoggerFactory.getLogger(OpenSslEcdsa.class);
    static final String NAME = "AttendanceOpenSSL";
    private static final List<String> LIBRARIES = List.of("libcrypto.so.3", "libcrypto.3.dylib", "libcrypto.so");
    private static volatile Boolean installed;

    private final Native lib;
    /** OpenSSL's parsed keys by their X.509 encoding. */
    private final Cache<ByteBuffer, MemorySegment> keys = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1)).build();
    /**
     * The same by the key object itself (weakly, by identity): a caller that keeps its {@link PublicKey} — the install keys'
     * cache in {@link DeviceKeys} — is spared re-encoding it ({@code getEncoded} builds the DER anew each time).
     */
    private final Cache<PublicKey, MemorySegment> byObject = Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

    private OpenSslEcdsa(Native lib) {
        super(NAME, "1.0", "ECDSA P-256 verification by OpenSSL " + lib.version);
        this.lib = lib;
        Map<String, String> attributes = Map.of("SupportedKeyClasses", "java.security.interfaces.ECPublicKey");
        for (boolean p1363 : new boolean[]{false, true}) {
            putService(new Service(this, "Signature", algorithm(p1363), Verifier.class.getName(), null, attributes) {
                @Override
                public Object newInstance(Object parameter) {
                    return new Verifier(OpenSslEcdsa.this, p1363);
                }
            });
        }
    }

    /** The JCA's names for the two encodings of one algorithm: DER, and WebCrypto's r ‖ s. */
    private static String algorithm(boolean p1363) {
        return p1363 ? "SHA256withECDSAinP1363Format" : "SHA256withECDSA";
    }

    /**
     * Puts the provider first in the JVM's list, once; returns whether OpenSSL now verifies (false: the library is missing,
     * too old, or failed the self-test — the JDK verifies, as before).
     */
    static synchronized boolean install() {
        if (installed == null) {
            Optional<OpenSslEcdsa> provider = load();
            provider.ifPresent(p -> Security.insertProviderAt(p, 1));
            installed = provider.isPresent();
        }
        return installed;
    }

    static Optional<OpenSslEcdsa> load() {
        Native lib;
        try {
            lib = Native.open();
        } catch (RuntimeException | LinkageError e) {
            log.warn("Phone keys are verified by the JDK (about 0.4 ms of CPU each): OpenSSL 3's libcrypto did not load ({})", e.toString());
            return Optional.empty();
        }
        if (lib == null) {
            log.warn("Phone keys are verified by the JDK (about 0.4 ms of CPU each): no OpenSSL 3 libcrypto found ({})", LIBRARIES);
            return Optional.empty();
        }
        OpenSslEcdsa provider = new OpenSslEcdsa(lib);
        try {
            provider.selfTest();
        } catch (Exception | LinkageError e) {
            log.warn("Phone keys are verified by the JDK: OpenSSL {} failed the self-test ({})", lib.version, e.toString());
            return Optional.empty();
        }
        log.info("Phone keys are verified by OpenSSL {} ({})", lib.version, lib.name);
        return Optional.of(provider);
    }

    /** A signature made by the JDK must verify here, in both encodings; a changed message and a changed signature must not. */
    private void selfTest() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        byte[] message = "attendance: the self-test of OpenSSL's ECDSA".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (boolean p1363 : new boolean[]{false, true}) {
            String algorithm = algorithm(p1363);
            Signature signer = Signature.getInstance(algorithm, "SunEC");
            signer.initSign(pair.getPrivate());
            signer.update(message);
            byte[] signature = signer.sign();
            byte[] other = message.clone();
            other[0] ^= 1;
            byte[] broken = signature.clone();
            broken[broken.length - 1] ^= 1;
            if (!verify(pair.getPublic(), message, signature, p1363) || verify(pair.getPublic(), other, signature, p1363)
                    || verify(pair.getPublic(), message, broken, p1363)) {
                throw new IllegalStateException("OpenSSL's answers differ from the JDK's for " + algorithm);
            }
        }
    }

    private boolean verify(PublicKey key, byte[] message, byte[] signature, boolean p1363) throws Exception {
        Signature verifier = Signature.getInstance(algorithm(p1363), this);
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    /** OpenSSL's parsed key for a P-256 public key, parsed once. */
    MemorySegment key(PublicKey key) throws InvalidKeyException {
        MemorySegment known = byObject.getIfPresent(key);
        if (known != null) {
            return known;
        }
        byte[] encoded = key.getEncoded(); // built anew on every call: once here
        if (!(key instanceof ECPublicKey ec) || ec.getParams() == null || ec.getParams().getCurve().getField().getFieldSize() != 256
                || !"X.509".equals(key.getFormat()) || encoded == null) {
            throw new InvalidKeyException("OpenSSL's verifier here takes P-256 public keys only");
        }
        MemorySegment parsed = keys.get(ByteBuffer.wrap(encoded), k -> lib.parse(encoded));
        if (parsed == null || parsed.equals(MemorySegment.NULL)) {
            throw new InvalidKeyException("OpenSSL did not take the key");
        }
        byObject.put(key, parsed);
        return parsed;
    }

    /** Whether {@code derSignature} is {@code key}'s over {@code digest}. */
    boolean verify(MemorySegment key, byte[] digest, byte[] derSignature) {
        return lib.verify(key, digest, derSignature);
    }

    /**
     * WebCrypto's signature (IEEE P1363: r and s, 32 bytes each) as the DER {@code SEQUENCE} of two {@code INTEGER}s OpenSSL
     * reads; null when it is not 64 bytes.
     */
    static byte[] derFromP1363(byte[] signature) {
        if (signature == null || signature.length != 64) {
            return null;
        }
        byte[] r = integer(signature, 0);
        byte[] s = integer(signature, 32);
        byte[] der = new byte[2 + r.length + s.length];
        der[0] = 0x30;
        der[1] = (byte) (r.length + s.length); // at most 2 × 35 bytes: the short form
        System.arraycopy(r, 0, der, 2, r.length);
        System.arraycopy(s, 0, der, 2 + r.length, s.length);
        return der;
    }

    /** One 32-byte unsigned big-endian half as a DER INTEGER: leading zeros dropped, a zero put back before a high bit. */
    private static byte[] integer(byte[] signature, int from) {
        int start = from;
        while (start < from + 31 && signature[start] == 0) {
            start++;
        }
        int length = from + 32 - start;
        boolean pad = (signature[start] & 0x80) != 0;
        byte[] out = new byte[2 + (pad ? 1 : 0) + length];
        out[0] = 0x02;
        out[1] = (byte) (length + (pad ? 1 : 0));
        System.arraycopy(signature, start, out, pad ? 3 : 2, length);
        return out;
    }

    /** One verification: the message hashed as it comes, the digest and signature handed to OpenSSL at the end. */
    static final class Verifier extends SignatureSpi {

        private final OpenSslEcdsa provider;
        private final boolean p1363;
        private final MessageDigest sha256;
        private MemorySegment key;

        Verifier(OpenSslEcdsa provider, boolean p1363) {
            this.provider = provider;
            this.p1363 = p1363;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            key = provider.key(publicKey);
            sha256.reset();
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            throw new InvalidKeyException("verification only: the JDK signs");
        }

        @Override
        protected void engineUpdate(byte b) {
            sha256.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {
            sha256.update(b, off, len);
        }

        @Override
        protected void engineUpdate(ByteBuffer input) {
            sha256.update(input);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            throw new SignatureException("verification only");
        }

        @Override
        protected boolean engineVerify(byte[] signature) throws SignatureException {
            if (key == null) {
                throw new SignatureException("not initialised for verification");
            }
            byte[] digest = sha256.digest();
            byte[] der = p1363 ? derFromP1363(signature) : signature;
            return der != null && provider.verify(key, digest, der);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new InvalidParameterException("no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new InvalidParameterException("no parameters");
        }
    }

    /** The few libcrypto functions used, bound once. */
    private record Native(String name, String version, MethodHandle d2iPubkey, MethodHandle pkeyFree, MethodHandle ctxNew,
                          MethodHandle ctxFree, MethodHandle verifyInit, MethodHandle verify, MethodHandle clearErrors) {

        static Native open() {
            for (String name : LIBRARIES) {
                SymbolLookup lookup;
                try {
                    lookup = SymbolLookup.libraryLookup(name, Arena.global());
                } catch (IllegalArgumentException notHere) {
                    continue;
                }
                Linker linker = Linker.nativeLinker();
                long number = (long) invoke(handle(linker, lookup, "OpenSSL_version_num", FunctionDescriptor.of(JAVA_LONG)));
                if (number < 0x3000_0000L) {
                    continue; // 1.1's API differs (and it is out of support)
                }
                MemorySegment text = (MemorySegment) invoke(handle(linker, lookup, "OpenSSL_version",
                        FunctionDescriptor.of(ADDRESS, JAVA_INT)), 0);
                String version = text.reinterpret(256).getString(0);
                return new Native(name, version.startsWith("OpenSSL ") ? version.substring(8) : version,
                        handle(linker, lookup, "d2i_PUBKEY", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG)),
                        handle(linker, lookup, "EVP_PKEY_free", FunctionDescriptor.ofVoid(ADDRESS)),
                        handle(linker, lookup, "EVP_PKEY_CTX_new", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS)),
                        handle(linker, lookup, "EVP_PKEY_CTX_free", FunctionDescriptor.ofVoid(ADDRESS)),
                        handle(linker, lookup, "EVP_PKEY_verify_init", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                        handle(linker, lookup, "EVP_PKEY_verify", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG)),
                        handle(linker, lookup, "ERR_clear_error", FunctionDescriptor.ofVoid()));
            }
            return null;
        }

        private static MethodHandle handle(Linker linker, SymbolLookup lookup, String function, FunctionDescriptor descriptor) {
            return linker.downcallHandle(lookup.find(function).orElseThrow(() -> new IllegalStateException("libcrypto has no " + function)),
                    descriptor);
        }

        private static Object invoke(MethodHandle handle, Object... arguments) {
            try {
                return handle.invokeWithArguments(arguments);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        /** The key as OpenSSL's {@code EVP_PKEY}, freed by {@code EVP_PKEY_free} once unreachable; NULL when refused. */
        MemorySegment parse(byte[] spki) {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment bytes = call.allocateFrom(JAVA_BYTE, spki);
                MemorySegment cursor = call.allocate(ADDRESS);
                cursor.set(ADDRESS, 0, bytes);
                MemorySegment pkey = (MemorySegment) d2iPubkey.invokeExact(MemorySegment.NULL, cursor, (long) spki.length);
                if (pkey.equals(MemorySegment.NULL)) {
                    clearErrors.invokeExact();
                    return MemorySegment.NULL;
                }
                return pkey.reinterpret(0, Arena.ofAuto(), this::free);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        private void free(MemorySegment pkey) {
            try {
                pkeyFree.invokeExact(pkey);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        boolean verify(MemorySegment pkey, byte[] digest, byte[] der) {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment ctx = (MemorySegment) ctxNew.invokeExact(pkey, MemorySegment.NULL);
                if (ctx.equals(MemorySegment.NULL)) {
                    throw new IllegalStateException("OpenSSL could not make a verification context");
                }
                try {
                    if ((int) verifyInit.invokeExact(ctx) != 1) {
                        throw new IllegalStateException("OpenSSL could not start a verification");
                    }
                    MemorySegment sig = call.allocateFrom(JAVA_BYTE, der);
                    MemorySegment tbs = call.allocateFrom(JAVA_BYTE, digest);
                    // 1: verified; 0: a wrong signature; below 0: a malformed one. A refusal leaves OpenSSL's reasons on this
                    // thread's error queue, which nothing here reads: cleared, so no later call on the thread finds them
                    if ((int) verify.invokeExact(ctx, sig, (long) der.length, tbs, (long) digest.length) == 1) {
                        return true;
                    }
                    clearErrors.invokeExact();
                    return false;
                } finally {
                    ctxFree.invokeExact(ctx);
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

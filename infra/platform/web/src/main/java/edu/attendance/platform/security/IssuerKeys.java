package edu.attendance.platform.security;

import com.nimbusds.jose.jwk.JWK;

import java.util.List;
import java.util.Optional;

/**
 * The public keys of the token issuer when it runs in this process (the ingest service, or the one-process embedded
 * run): a service without it verifies with the issuer's published JWKS ({@code attendance.auth.jwks-uri}) and never
 * holds a private key.
 */
public interface IssuerKeys {

    /** The public key with this id ({@code kid}), if the issuer still verifies with it. */
    Optional<JWK> publicKey(String keyId);

    /** Every public key that still verifies, the signing one first. */
    List<JWK> publicKeys();
}

package org.fedmed.core.secure.identity;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signatures with the key a site was provisioned with: ECDSA over SHA-256 for EC keys (FedMed's
 * provisioning issues P-256 keys), Ed25519 for EdDSA keys, RSA-SHA256 for RSA keys. JDK providers only.
 */
public final class Signatures {

    private Signatures() {
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm(key.getAlgorithm()));
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** True only for a valid signature; a malformed signature is simply not valid. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        if (signature == null || signature.length == 0) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(algorithm(key.getAlgorithm()));
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // a garbled DER signature: invalid, not an error of ours
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    private static String algorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("secure aggregation: a " + keyAlgorithm
                    + " key cannot sign (EC, Ed25519 or RSA needed)");
        };
    }
}

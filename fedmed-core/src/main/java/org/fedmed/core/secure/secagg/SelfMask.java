package org.fedmed.core.secure.secagg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.fedmed.core.secure.Hkdf;

/**
 * The self-mask seed b: its public commitment (so a reconstruction from tampered shares is caught)
 * and the key its mask is expanded from (derived, so the committed value itself never keys AES).
 */
final class SelfMask {

    private static final byte[] COMMIT = "fedmed/secagg/self-mask-commitment/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EXPAND = "fedmed/secagg/self-mask/v1".getBytes(StandardCharsets.UTF_8);

    private SelfMask() {
    }

    static byte[] commitment(byte[] seed) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(COMMIT);
            return d.digest(seed);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    static byte[] expandable(byte[] seed) {
        return Hkdf.derive(null, seed, EXPAND, 32);
    }
}

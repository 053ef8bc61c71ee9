package org.fedmed.core.secure;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), built on the JDK's {@code HmacSHA256}: JDK 17 has no HKDF class,
 * and fedmed-core takes no crypto library. Only the two steps of the RFC, nothing else.
 */
public final class Hkdf {

    /** HashLen of SHA-256 in bytes (RFC 5869 section 2). */
    public static final int HASH_LENGTH = 32;
    /** Largest output of expand: 255 * HashLen (RFC 5869 section 2.3). */
    public static final int MAX_OUTPUT = 255 * HASH_LENGTH;

    private static final String HMAC = "HmacSHA256";

    private Hkdf() {
    }

    /**
     * HKDF-Extract (RFC 5869 section 2.2): PRK = HMAC-Hash(salt, IKM). A null or empty salt stands for
     * HashLen zero bytes, as the RFC says.
     */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        if (ikm == null) {
            throw new IllegalArgumentException("HKDF: input keying material is missing");
        }
        byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        return mac(key).doFinal(ikm);
    }

    /**
     * HKDF-Expand (RFC 5869 section 2.3): T(i) = HMAC-Hash(PRK, T(i-1) | info | i), output the first
     * {@code length} bytes of T(1) | T(2) | ...
     */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (prk == null || prk.length < HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF: the pseudorandom key must have at least " + HASH_LENGTH + " bytes");
        }
        if (length < 1 || length > MAX_OUTPUT) {
            throw new IllegalArgumentException("HKDF: output length " + length + " is outside 1.." + MAX_OUTPUT);
        }
        byte[] context = info == null ? new byte[0] : info;
        Mac mac = mac(prk);
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        int written = 0;
        for (int i = 1; written < length; i++) {
            mac.update(previous);
            mac.update(context);
            mac.update((byte) i);
            byte[] block = mac.doFinal();
            int take = Math.min(block.length, length - written);
            System.arraycopy(block, 0, out, written, take);
            written += take;
            Arrays.fill(previous, (byte) 0);
            previous = block;
        }
        Arrays.fill(previous, (byte) 0);
        return out;
    }

    /** Extract then expand (RFC 5869 section 2); the intermediate key is wiped. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        byte[] prk = extract(salt, ikm);
        try {
            return expand(prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java 17 runtime ships HmacSHA256; reaching this means a broken JDK, not bad input.
            throw new IllegalStateException("HKDF: the JDK cannot run " + HMAC, e);
        }
    }
}

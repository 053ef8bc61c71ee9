package org.fedmed.core.secure;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * X25519 key agreement (RFC 7748) between two sites with the JDK's {@code XDH}, and the 32-byte
 * pairwise seed both derive from it (the seed s_ij of Bonawitz et al. 2017, section 4: KA.agree
 * followed by a key derivation).
 *
 * <p>The seed is HKDF-SHA256 (RFC 5869) of the shared secret with an info string that binds a label,
 * both site ids in a canonical order and the round, so the two sites get the same seed, and another
 * round or another pair gets an unrelated one even if a key pair were reused.
 */
public final class PairwiseKeys {

    /** Bytes of an X25519 public key, private scalar, shared secret and derived seed (RFC 7748 section 5). */
    public static final int KEY_BYTES = 32;

    private static final String ALGORITHM = "X25519";
    private static final byte[] LABEL = "fedmed/secagg/pairwise-seed/v1".getBytes(StandardCharsets.UTF_8);
    private static final BigInteger U_MASK = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);

    private PairwiseKeys() {
    }

    /** A fresh X25519 key pair drawn from {@code random}. */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.X25519, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw jdkMissing(e);
        }
    }

    /**
     * The raw X25519 shared secret (RFC 7748 section 6.1). The JDK refuses a peer key of small order
     * (an all-zero result); that surfaces as an {@link IllegalArgumentException}.
     */
    public static byte[] sharedSecret(PrivateKey own, PublicKey peer) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(own);
            agreement.doPhase(peer, true);
            return agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("X25519: the peer's public key was refused", e);
        } catch (GeneralSecurityException e) {
            throw jdkMissing(e);
        }
    }

    /**
     * The 32-byte pairwise seed of sites {@code ownSite} and {@code peerSite} for {@code round}: both
     * sites compute the same value from their own private key and the other's public key.
     */
    public static byte[] pairwiseSeed(PrivateKey own, PublicKey peer, String ownSite, String peerSite, long round) {
        byte[] secret = sharedSecret(own, peer);
        try {
            return Hkdf.derive(null, secret, context(ownSite, peerSite, round), KEY_BYTES);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * HKDF info: label | len | lower id | len | higher id | round, ids ordered by {@link String#compareTo}
     * so both sides build the same bytes; length prefixes keep ("ab","c") apart from ("a","bc").
     */
    static byte[] context(String siteA, String siteB, long round) {
        if (siteA == null || siteB == null || siteA.isEmpty() || siteB.isEmpty()) {
            throw new IllegalArgumentException("pairwise seed: both site ids are required");
        }
        if (siteA.equals(siteB)) {
            throw new IllegalArgumentException("pairwise seed: a site has no pairwise seed with itself (" + siteA + ")");
        }
        boolean inOrder = siteA.compareTo(siteB) < 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(LABEL);
        writeId(out, inOrder ? siteA : siteB);
        writeId(out, inOrder ? siteB : siteA);
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(round).array());
        return out.toByteArray();
    }

    private static void writeId(ByteArrayOutputStream out, String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    /** A private key from its 32-byte scalar (RFC 7748 section 5: clamping is done by the JDK). */
    public static PrivateKey privateKey(byte[] scalar) {
        if (scalar == null || scalar.length != KEY_BYTES) {
            throw new IllegalArgumentException("X25519: a private scalar has " + KEY_BYTES + " bytes");
        }
        try {
            return keyFactory().generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("X25519: the private scalar was refused", e);
        }
    }

    /**
     * A public key from its 32-byte little-endian u-coordinate (RFC 7748 section 5: the top bit of the
     * last byte is ignored).
     */
    public static PublicKey publicKey(byte[] encoded) {
        if (encoded == null || encoded.length != KEY_BYTES) {
            throw new IllegalArgumentException("X25519: a public key has " + KEY_BYTES + " bytes");
        }
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            bigEndian[i] = encoded[KEY_BYTES - 1 - i];
        }
        BigInteger u = new BigInteger(1, bigEndian).and(U_MASK);
        try {
            return keyFactory().generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("X25519: the public key was refused", e);
        }
    }

    /** The 32-byte little-endian u-coordinate of {@code key}, the wire form RFC 7748 uses. */
    public static byte[] encode(PublicKey key) {
        if (!(key instanceof XECPublicKey xec)) {
            throw new IllegalArgumentException("X25519: not an XEC public key: " + key.getAlgorithm());
        }
        byte[] bigEndian = xec.getU().toByteArray();
        byte[] out = new byte[KEY_BYTES];
        // toByteArray may carry a leading sign byte or be shorter than 32 bytes: copy from the low end.
        for (int i = 0; i < Math.min(KEY_BYTES, bigEndian.length); i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    private static KeyFactory keyFactory() {
        try {
            return KeyFactory.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw jdkMissing(e);
        }
    }

    private static IllegalStateException jdkMissing(GeneralSecurityException e) {
        return new IllegalStateException("X25519 is not available in this JDK", e);
    }
}

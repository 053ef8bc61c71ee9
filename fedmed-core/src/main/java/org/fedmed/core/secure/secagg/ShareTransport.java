package org.fedmed.core.secure.secagg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fedmed.core.secure.Hkdf;
import org.fedmed.core.secure.PairwiseKeys;
import org.fedmed.core.secure.SecureStepException;

/**
 * Shares travel from site to site through the coordinator inside AES-256-GCM (NIST SP 800-38D),
 * under a key only the two sites can derive: HKDF-SHA256 of their X25519 agreement on the
 * encryption keys (not the mask keys). The associated data binds the session, round, sender and
 * receiver, so the coordinator can neither read a share nor move it to another site or round
 * undetected. A 12-byte random nonce precedes each ciphertext.
 */
final class ShareTransport {

    private static final byte[] INFO = "fedmed/secagg/share-key/v1".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private ShareTransport() {
    }

    static byte[] seal(PrivateKey own, PublicKey peer, byte[] session, int round, String from, String to, byte[] plain,
                       SecureRandom random) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, own, peer, nonce);
            c.updateAAD(aad(session, round, from, to));
            byte[] body = c.doFinal(plain);
            return ByteBuffer.allocate(NONCE + body.length).put(nonce).put(body).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable: " + e.getMessage(), e);
        }
    }

    /** The plaintext, or a {@link SecureStepException} naming the sender when the ciphertext was altered. */
    static byte[] open(PrivateKey own, PublicKey peer, byte[] session, int round, String from, String to, byte[] sealed) {
        if (sealed.length < NONCE + TAG_BITS / 8) {
            throw new SecureStepException("unmask", "secure aggregation: site " + to + " round " + round + " unmask: the share from site "
                    + from + " is truncated");
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, own, peer, java.util.Arrays.copyOf(sealed, NONCE));
            c.updateAAD(aad(session, round, from, to));
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (AEADBadTagException e) {
            throw new SecureStepException("unmask", "secure aggregation: site " + to + " round " + round + " unmask: the share from site "
                    + from + " fails authentication (tampered, replayed or misrouted)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable: " + e.getMessage(), e);
        }
    }

    private static Cipher cipher(int mode, PrivateKey own, PublicKey peer, byte[] nonce) throws GeneralSecurityException {
        byte[] key = Hkdf.derive(null, PairwiseKeys.sharedSecret(own, peer), INFO, 32);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        java.util.Arrays.fill(key, (byte) 0);
        return c;
    }

    private static byte[] aad(byte[] session, int round, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(session.length + 4 + 8 + f.length + t.length).put(session).putInt(round)
                .putInt(f.length).put(f).putInt(t.length).put(t).array();
    }
}

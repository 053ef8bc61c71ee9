package org.fedmed.core.secure.paillier;

import java.math.BigInteger;
import java.util.List;

/**
 * A Paillier private key: the primes p and q of n, decrypting with the Chinese remainder theorem
 * (Paillier 1999, section 7, "Decryption using Chinese-remaindering"): m mod p from c mod p^2 with the
 * exponent p - 1, m mod q likewise, then recombined. Each half works with numbers a quarter the size of
 * n^2 and half the exponent, so it is several times faster than the textbook c^lambda mod n^2.
 *
 * <p>In the simple (non-threshold) deployment every site holds this key: then any one site that
 * colludes with the coordinator can decrypt the other sites' individual ciphertexts. The threshold
 * mode ({@link ThresholdDealer}) removes that; prefer it.
 */
public final class PaillierPrivateKey {

    private final PaillierPublicKey publicKey;
    private final BigInteger p;
    private final BigInteger q;
    private final BigInteger pSquared;
    private final BigInteger qSquared;
    private final BigInteger hp;
    private final BigInteger hq;
    private final BigInteger qInverseModP;

    public PaillierPrivateKey(BigInteger p, BigInteger q) {
        if (p == null || q == null || p.equals(q) || p.bitLength() < 2 || q.bitLength() < 2) {
            throw new IllegalArgumentException("paillier: a private key needs two distinct primes p and q");
        }
        this.p = p;
        this.q = q;
        this.publicKey = new PaillierPublicKey(p.multiply(q));
        if (!publicKey.n().gcd(p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE))).equals(BigInteger.ONE)) {
            // gcd(n, phi(n)) = 1 is what makes L(g^lambda) invertible; equal-length primes always have it.
            throw new IllegalArgumentException("paillier: gcd(n, (p-1)(q-1)) must be 1");
        }
        this.pSquared = p.multiply(p);
        this.qSquared = q.multiply(q);
        BigInteger g = publicKey.g();
        this.hp = lp(g.modPow(p.subtract(BigInteger.ONE), pSquared), p).modInverse(p);
        this.hq = lp(g.modPow(q.subtract(BigInteger.ONE), qSquared), q).modInverse(q);
        this.qInverseModP = q.modInverse(p);
    }

    public PaillierPublicKey publicKey() {
        return publicKey;
    }

    BigInteger p() {
        return p;
    }

    BigInteger q() {
        return q;
    }

    /** Decrypts with CRT: m_p = L_p(c^(p-1) mod p^2) h_p mod p, m_q likewise, m = CRT(m_p, m_q). */
    public BigInteger decrypt(BigInteger c) {
        publicKey.checkCiphertext(c, "ciphertext");
        BigInteger mp = lp(c.mod(pSquared).modPow(p.subtract(BigInteger.ONE), pSquared), p).multiply(hp).mod(p);
        BigInteger mq = lp(c.mod(qSquared).modPow(q.subtract(BigInteger.ONE), qSquared), q).multiply(hq).mod(q);
        // Garner: m = m_q + q ((m_p - m_q) q^-1 mod p), which lies in [0, pq).
        return mp.subtract(mq).multiply(qInverseModP).mod(p).multiply(q).add(mq);
    }

    /** Decrypts every ciphertext of a vector (the packed plaintexts; unpack with {@link PaillierPacking}). */
    public BigInteger[] decrypt(EncryptedVector vector) {
        List<BigInteger> cs = vector.ciphertexts();
        BigInteger[] out = new BigInteger[cs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = decrypt(cs.get(i));
        }
        return out;
    }

    /** The textbook decryption L(c^lambda mod n^2) mu mod n, kept to check the CRT path against. */
    public BigInteger decryptTextbook(BigInteger c) {
        publicKey.checkCiphertext(c, "ciphertext");
        return Textbook.decrypt(publicKey.n(), publicKey.g(), Textbook.lambda(p, q), c);
    }

    /** L_p(u) = (u - 1) / p on the u = 1 mod p of Z*_{p^2}. */
    private static BigInteger lp(BigInteger u, BigInteger p) {
        return u.subtract(BigInteger.ONE).divide(p);
    }

    @Override
    public String toString() {
        return "PaillierPrivateKey[bits=" + publicKey.bits() + "]";
    }
}

package org.fedmed.core.secure.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Known answers from Wikipedia, "Paillier cryptosystem", section "Example" (retrieved for this test;
 * the numbers were checked by hand computation before use): p = 7, q = 11, n = 77, n^2 = 5929,
 * g = 5652, lambda = lcm(6, 10) = 30, L(g^lambda mod n^2) = 51, mu = 51^-1 mod 77 = 74; the message
 * m = 42 with r = 23 encrypts to c = 4624, and c^lambda mod n^2 = 4852, L(4852) = 63, 63 * 74 mod 77 = 42.
 */
class PaillierKnownAnswerTest {

    private static final BigInteger P = BigInteger.valueOf(7);
    private static final BigInteger Q = BigInteger.valueOf(11);
    private static final BigInteger N = BigInteger.valueOf(77);
    private static final BigInteger G = BigInteger.valueOf(5652);
    private static final BigInteger M = BigInteger.valueOf(42);
    private static final BigInteger R = BigInteger.valueOf(23);
    private static final BigInteger C = BigInteger.valueOf(4624);

    @Test
    void wikipediaExampleEncryptsAndDecrypts() {
        BigInteger n2 = N.multiply(N);
        BigInteger lambda = Textbook.lambda(P, Q);
        assertEquals(BigInteger.valueOf(5929), n2);
        assertEquals(BigInteger.valueOf(30), lambda);
        assertEquals(BigInteger.valueOf(51), Textbook.l(G.modPow(lambda, n2), N));
        assertEquals(BigInteger.valueOf(74), Textbook.l(G.modPow(lambda, n2), N).modInverse(N));
        assertEquals(C, Textbook.encrypt(N, G, M, R));
        assertEquals(BigInteger.valueOf(4852), C.modPow(lambda, n2));
        assertEquals(BigInteger.valueOf(63), Textbook.l(C.modPow(lambda, n2), N));
        assertEquals(M, Textbook.decrypt(N, G, lambda, C));
    }

    @Test
    void theSameNumbersThroughTheFastPathWithGEqualsNPlusOne() {
        // The keys of the example with FedMed's generator g = n + 1: the shortcut g^m = 1 + m n must give
        // the textbook g^m r^n, and CRT decryption the textbook decryption.
        PaillierPrivateKey key = new PaillierPrivateKey(P, Q);
        PaillierPublicKey pub = key.publicKey();
        BigInteger rn = R.modPow(N, pub.nSquared());
        BigInteger c = pub.encrypt(M, rn);
        assertEquals(Textbook.encrypt(N, N.add(BigInteger.ONE), M, R), c);
        // (1 + 42 * 77) * 23^77 mod 5929, computed independently of the code under test:
        assertEquals(BigInteger.valueOf(3235).multiply(R.modPow(N, BigInteger.valueOf(5929))).mod(BigInteger.valueOf(5929)), c);
        assertEquals(M, key.decrypt(c));
        assertEquals(M, key.decryptTextbook(c));
        // And the published ciphertext under the published g decrypts to 42 through the general path too.
        assertEquals(M, Textbook.decrypt(N, G, Textbook.lambda(P, Q), C));
    }

    @Test
    void everyMessageOfTheToyKeyRoundTrips() {
        PaillierPrivateKey key = new PaillierPrivateKey(P, Q);
        BigInteger rn = R.modPow(N, key.publicKey().nSquared());
        for (int m = 0; m < 77; m++) {
            BigInteger c = key.publicKey().encrypt(BigInteger.valueOf(m), rn);
            assertEquals(m, key.decrypt(c).intValueExact(), "m=" + m);
            assertEquals(m, key.decryptTextbook(c).intValueExact(), "m=" + m);
        }
    }
}

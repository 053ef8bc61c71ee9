package org.fedmed.core.secure.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PaillierHomomorphicTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PaillierPrivateKey KEY = PaillierKeys.generateUnchecked(512, RANDOM);

    private static BigInteger below(BigInteger bound) {
        BigInteger x;
        do {
            x = new BigInteger(bound.bitLength(), RANDOM);
        } while (x.compareTo(bound) >= 0);
        return x;
    }

    @Test
    void sumOfCiphertextsDecryptsToTheSumModN() {
        PaillierPublicKey pub = KEY.publicKey();
        for (int trial = 0; trial < 20; trial++) {
            BigInteger a = below(pub.n());
            BigInteger b = below(pub.n());
            BigInteger sum = pub.add(pub.encrypt(a, RANDOM), pub.encrypt(b, RANDOM));
            assertEquals(a.add(b).mod(pub.n()), KEY.decrypt(sum));
        }
    }

    @Test
    void crtDecryptionEqualsTextbookDecryption() {
        PaillierPublicKey pub = KEY.publicKey();
        for (int trial = 0; trial < 20; trial++) {
            BigInteger m = below(pub.n());
            BigInteger c = pub.encrypt(m, RANDOM);
            assertEquals(m, KEY.decrypt(c));
            assertEquals(KEY.decryptTextbook(c), KEY.decrypt(c));
        }
        // Edge plaintexts: 0 and n - 1.
        for (BigInteger m : new BigInteger[] {BigInteger.ZERO, pub.n().subtract(BigInteger.ONE)}) {
            BigInteger c = pub.encrypt(m, RANDOM);
            assertEquals(m, KEY.decrypt(c));
            assertEquals(m, KEY.decryptTextbook(c));
        }
    }

    @Test
    void shortcutEqualsTheTextbookGeneratorPower() {
        PaillierPublicKey pub = KEY.publicKey();
        BigInteger m = below(pub.n());
        BigInteger r = below(pub.n());
        BigInteger viaShortcut = pub.encrypt(m, r.modPow(pub.n(), pub.nSquared()));
        assertEquals(Textbook.encrypt(pub.n(), pub.g(), m, r), viaShortcut);
    }

    @Test
    void encryptionIsRandomized() {
        PaillierPublicKey pub = KEY.publicKey();
        BigInteger m = BigInteger.valueOf(12345);
        BigInteger c1 = pub.encrypt(m, RANDOM);
        BigInteger c2 = pub.encrypt(m, RANDOM);
        assertNotEquals(c1, c2);
        assertEquals(KEY.decrypt(c1), KEY.decrypt(c2));
    }

    @Test
    void poolHandsOutEachValueOnceAndEncryptsCorrectly() throws Exception {
        PaillierPublicKey pub = KEY.publicKey();
        try (RandomnessPool pool = new RandomnessPool(pub, RANDOM, 8)) {
            pool.precompute(20);
            assertEquals(8, pool.size());
            BigInteger first = pool.take();
            BigInteger second = pool.take();
            assertNotEquals(first, second);
            assertEquals(6, pool.size());
            for (int i = 0; i < 10; i++) { // 6 from the pool, then 4 computed inline
                BigInteger m = BigInteger.valueOf(i * 1000L);
                assertEquals(m, KEY.decrypt(pub.encrypt(m, pool.take())));
            }
            assertEquals(4, pool.misses());
            pool.startBackground();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (pool.size() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(8, pool.size(), "the background thread fills the pool");
            assertThrows(IllegalStateException.class, pool::startBackground);
        }
    }

    @Test
    void keysBelow2048BitsAreRefusedWithTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaillierKeys.generate(1024, RANDOM));
        assertEquals("paillier key of 1024 bits is too short: at least 2048 bits", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ThresholdDealer.deal(1536, 2, 3, RANDOM));
        assertTrue(e.getMessage().startsWith("paillier key of 1536 bits is too short"), e.getMessage());
    }

    @Test
    void aFullSizeKeyHasA2048BitModulusAndWorks() {
        PaillierPrivateKey key = PaillierKeys.generate(2048, RANDOM);
        assertEquals(2048, key.publicKey().bits());
        BigInteger m = BigInteger.ONE.shiftLeft(2000).add(BigInteger.valueOf(7));
        assertEquals(m, key.decrypt(key.publicKey().encrypt(m, RANDOM)));
    }

    @Test
    void outOfRangeInputsAreRefusedWithoutTheirValue() {
        PaillierPublicKey pub = KEY.publicKey();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pub.encrypt(pub.n(), RANDOM));
        assertTrue(!e.getMessage().contains(pub.n().toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KEY.decrypt(pub.nSquared()));
        assertThrows(IllegalArgumentException.class, () -> KEY.decrypt(BigInteger.ZERO));
        assertEquals("PaillierPrivateKey[bits=512]", KEY.toString());
    }
}

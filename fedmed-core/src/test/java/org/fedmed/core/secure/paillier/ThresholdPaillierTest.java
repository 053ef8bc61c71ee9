package org.fedmed.core.secure.paillier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdPaillierTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A vector of values in [-M, M] encrypted by each of {@code sites} sites and summed. */
    private record Round(EncryptedVector sum, long[] expected, PaillierPacking packing) {
    }

    private static Round round(PaillierPublicKey key, int sites, int length) {
        PaillierPacking packing = PaillierPacking.of(500, sites, key);
        PaillierSum sum = new PaillierSum(key);
        long[] expected = new long[length];
        try (RandomnessPool pool = new RandomnessPool(key, RANDOM, 16)) {
            PaillierSiteEncoder encoder = new PaillierSiteEncoder(packing, pool);
            for (int s = 0; s < sites; s++) {
                int[] v = RANDOM.ints(length, -500, 501).toArray();
                for (int i = 0; i < length; i++) {
                    expected[i] += v[i];
                }
                sum.add(encoder.encode(v));
            }
        }
        return new Round(sum.result(), expected, packing);
    }

    private static List<DecryptionShare> shares(ThresholdKeys keys, EncryptedVector sum) {
        List<DecryptionShare> out = new ArrayList<>();
        for (PaillierKeyShare share : keys.shares()) {
            out.add(share.decryptionShare(sum));
        }
        return out;
    }

    private static List<DecryptionShare> subset(List<DecryptionShare> all, int mask) {
        List<DecryptionShare> chosen = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if ((mask & 1 << i) != 0) {
                chosen.add(all.get(i));
            }
        }
        return chosen;
    }

    @Test
    void everySubsetOfAtLeastTSharesDecryptsAndSmallerOnesAreRefused() {
        for (int[] tn : new int[][] {{2, 3}, {3, 5}, {4, 4}}) {
            ThresholdKeys keys = ThresholdDealer.dealUnchecked(256, tn[0], tn[1], RANDOM);
            Round round = round(keys.publicKey(), tn[1], 40);
            List<DecryptionShare> all = shares(keys, round.sum());
            ThresholdDecryption decryption = keys.decryption();
            for (int mask = 1; mask < 1 << tn[1]; mask++) {
                List<DecryptionShare> chosen = subset(all, mask);
                if (chosen.size() >= tn[0]) {
                    assertArrayEquals(round.expected(), decryption.decryptSum(chosen, round.sum(), round.packing()),
                        "t=" + tn[0] + " n=" + tn[1] + " " + chosen);
                } else {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decryption.combine(chosen));
                    assertTrue(e.getMessage().contains("cannot decrypt with threshold t=" + tn[0]), e.getMessage());
                }
            }
        }
    }

    @Test
    void aSingleCiphertextDecryptsToItsPlaintext() {
        ThresholdKeys keys = ThresholdDealer.dealUnchecked(128, 2, 3, RANDOM);
        PaillierPublicKey pub = keys.publicKey();
        BigInteger m = new BigInteger(100, RANDOM);
        EncryptedVector v = new EncryptedVector(1, 1, List.of(pub.encrypt(m, RANDOM)));
        BigInteger[] plain = keys.decryption().combine(List.of(keys.shares().get(2).decryptionShare(v),
            keys.shares().get(0).decryptionShare(v)));
        assertEquals(m, plain[0]);
    }

    @Test
    void aCorruptedShareIsRefusedEvenWithExactlyTShares() {
        ThresholdKeys keys = ThresholdDealer.dealUnchecked(256, 2, 3, RANDOM);
        Round round = round(keys.publicKey(), 3, 20);
        List<DecryptionShare> all = shares(keys, round.sum());
        List<BigInteger> values = new ArrayList<>(all.get(1).values());
        values.set(0, values.get(0).add(BigInteger.ONE)); // one flipped low bit: not a decryption share any more
        List<DecryptionShare> two = List.of(all.get(0), new DecryptionShare(2, values));
        TamperedShareException e = assertThrows(TamperedShareException.class, () -> keys.decryption().combine(two));
        assertEquals(List.of(1, 2), e.suspects());
        assertTrue(e.getMessage().contains("sites [1, 2]"), e.getMessage());
    }

    /** A share shifted by (1 + n)^delta: still 1 mod n after combination, so only cross-checking catches it. */
    private static DecryptionShare crafted(DecryptionShare share, PaillierPublicKey key) {
        BigInteger shift = BigInteger.ONE.add(key.n()); // (1 + n)^1: shifts the combined plaintext
        List<BigInteger> values = new ArrayList<>();
        for (BigInteger v : share.values()) {
            values.add(v.multiply(shift).mod(key.nSquared()));
        }
        return new DecryptionShare(share.index(), values);
    }

    @Test
    void aCraftedShareGoesUnnoticedWithExactlyTSharesButTheSumIsWrong() {
        // Documents the limit: with t shares only, a crafted share yields a wrong (here shifted) plaintext.
        ThresholdKeys keys = ThresholdDealer.dealUnchecked(256, 2, 3, RANDOM);
        Round round = round(keys.publicKey(), 3, 20);
        List<DecryptionShare> all = shares(keys, round.sum());
        BigInteger[] honest = keys.decryption().combine(all.subList(0, 2));
        BigInteger[] shifted = keys.decryption().combine(List.of(all.get(0), crafted(all.get(1), keys.publicKey())));
        assertNotEquals(honest[0], shifted[0]);
    }

    @Test
    void aCraftedShareIsDetectedWithTPlusOneShares() {
        for (int tampered = 0; tampered < 3; tampered++) {
            ThresholdKeys keys = ThresholdDealer.dealUnchecked(256, 2, 3, RANDOM);
            Round round = round(keys.publicKey(), 3, 20);
            List<DecryptionShare> all = new ArrayList<>(shares(keys, round.sum()));
            all.set(tampered, crafted(all.get(tampered), keys.publicKey()));
            TamperedShareException e = assertThrows(TamperedShareException.class,
                () -> keys.decryption().decryptSum(all, round.sum(), round.packing()));
            assertTrue(e.suspects().contains(tampered + 1), "site " + (tampered + 1) + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("decrypt ciphertext 0 to different sums"), e.getMessage());
        }
    }

    @Test
    void withTPlusTwoSharesTheTamperedSiteIsNamed() {
        ThresholdKeys keys = ThresholdDealer.dealUnchecked(256, 3, 5, RANDOM);
        Round round = round(keys.publicKey(), 5, 20);
        List<DecryptionShare> honest = shares(keys, round.sum());
        for (int tampered = 0; tampered < 5; tampered++) {
            List<DecryptionShare> all = new ArrayList<>(honest);
            all.set(tampered, crafted(all.get(tampered), keys.publicKey()));
            TamperedShareException e = assertThrows(TamperedShareException.class, () -> keys.decryption().combine(all));
            assertEquals(List.of(tampered + 1), e.suspects(), e.getMessage());
            assertTrue(e.getMessage().endsWith("the decryption share of site " + (tampered + 1) + " is wrong"), e.getMessage());
        }
    }

    @Test
    void aTamperedSumFailsTheSlotRangeCheck() {
        // Someone adds E(x) with x of 200 bits to the 256-bit-key sum: no wrap mod n, so the plaintext has bits
        // far above the 3 used slots (33 bits), which no honest sum has.
        ThresholdKeys keys = ThresholdDealer.dealUnchecked(256, 2, 2, RANDOM);
        Round round = round(keys.publicKey(), 2, 3);
        PaillierPublicKey pub = keys.publicKey();
        BigInteger forged = pub.encrypt(new BigInteger(200, RANDOM).setBit(199), RANDOM);
        EncryptedVector bad = new EncryptedVector(3, 2, List.of(pub.add(round.sum().ciphertexts().get(0), forged)));
        List<DecryptionShare> all = shares(keys, bad);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> keys.decryption().decryptSum(all, bad, round.packing()));
        assertTrue(e.getMessage().contains("tampered"), e.getMessage());
    }

    @Test
    void duplicateForeignAndMalformedSharesAreRefused() {
        ThresholdKeys keys = ThresholdDealer.dealUnchecked(128, 2, 3, RANDOM);
        Round round = round(keys.publicKey(), 3, 5);
        List<DecryptionShare> all = shares(keys, round.sum());
        ThresholdDecryption d = keys.decryption();
        assertThrows(IllegalArgumentException.class, () -> d.combine(List.of(all.get(0), all.get(0))));
        assertThrows(IllegalArgumentException.class, () -> d.combine(List.of(all.get(0), new DecryptionShare(4, all.get(1).values()))));
        assertThrows(IllegalArgumentException.class, () -> d.combine(List.of(all.get(0),
            new DecryptionShare(2, List.of(keys.publicKey().nSquared())))));
        assertThrows(IllegalArgumentException.class, () -> ThresholdDealer.dealUnchecked(128, 1, 3, RANDOM));
        assertThrows(IllegalArgumentException.class, () -> ThresholdDealer.dealUnchecked(128, 4, 3, RANDOM));
    }

    @Test
    void dealtSharesAreSafePrimeBasedAndHideTheirSecret() {
        BigInteger p = SafePrimes.generate(64, RANDOM);
        assertEquals(64, p.bitLength());
        assertTrue(p.isProbablePrime(64) && p.shiftRight(1).isProbablePrime(64));
        assertThrows(IllegalArgumentException.class,
            () -> ThresholdDealer.fromSafePrimes(BigInteger.valueOf(13), BigInteger.valueOf(23), 2, 3, RANDOM)); // 13 = 2*6+1
        ThresholdKeys keys = ThresholdDealer.fromSafePrimes(BigInteger.valueOf(1019), BigInteger.valueOf(2027), 2, 3, RANDOM);
        PaillierKeyShare share = keys.shares().get(0);
        assertFalse(share.toString().contains(share.secret().toString()));
        assertFalse(share.toString().contains(share.secret().toString(16)));
        assertEquals("PaillierKeyShare[index=1, t=2, n=3, bits=" + keys.publicKey().bits() + "]", share.toString());
    }

    @Test
    void fullSizeThresholdKeyDecrypts() {
        // 2048-bit n from two 1024-bit safe primes: about 1-4 s on the development VM (docs/SECURE_AGGREGATION.md).
        ThresholdKeys keys = ThresholdDealer.deal(2048, 2, 3, RANDOM);
        assertEquals(2048, keys.publicKey().bits());
        Round round = round(keys.publicKey(), 3, 200);
        List<DecryptionShare> all = shares(keys, round.sum());
        assertArrayEquals(round.expected(), keys.decryption().decryptSum(all, round.sum(), round.packing()));
    }
}

package org.fedmed.core.secure.paillier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.fedmed.core.secure.Quantizer;
import org.fedmed.core.secure.Ring;
import org.junit.jupiter.api.Test;

class PaillierPackingTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PaillierPrivateKey KEY = PaillierKeys.generateUnchecked(512, RANDOM);

    @Test
    void slotArithmetic() {
        // M = 1000: values + M in [0, 2000] take 11 bits; 10 sites need ceil(log2 10) = 4 more; 511 / 15 = 34 slots.
        PaillierPacking packing = new PaillierPacking(1000, 10, 512);
        assertEquals(11, packing.valueBits());
        assertEquals(4, packing.headroomBits());
        assertEquals(15, packing.slotBits());
        assertEquals(34, packing.slotsPerPlaintext());
        assertEquals(3, packing.plaintexts(69));
        assertEquals(0, new PaillierPacking(1, 1, 512).headroomBits());
        assertEquals(1, new PaillierPacking(1, 2, 512).headroomBits());
        assertEquals(2, new PaillierPacking(1, 3, 512).headroomBits());
        assertEquals(2, new PaillierPacking(1, 4, 512).headroomBits());
        assertEquals(3, new PaillierPacking(1, 5, 512).headroomBits());
    }

    @Test
    void packUnpackRoundTripWithoutEncryption() {
        PaillierPacking packing = new PaillierPacking(32767, 1, 2048);
        int[] values = RANDOM.ints(1000, -32767, 32768).toArray();
        long[] back = packing.unpackSum(packing.pack(values), values.length, 1);
        assertArrayEquals(Arrays.stream(values).asLongStream().toArray(), back);
    }

    @Test
    void encryptedSumOfSitesEqualsThePlainSum() {
        int sites = 7;
        PaillierPacking packing = PaillierPacking.of(5000, sites, KEY.publicKey());
        int length = 3 * packing.slotsPerPlaintext() + 5; // a partial last plaintext
        long[] expected = new long[length];
        PaillierSum sum = new PaillierSum(KEY.publicKey());
        try (RandomnessPool pool = new RandomnessPool(KEY.publicKey(), RANDOM, 64)) {
            PaillierSiteEncoder encoder = new PaillierSiteEncoder(packing, pool);
            for (int s = 0; s < sites; s++) {
                int[] v = RANDOM.ints(length, -5000, 5001).toArray();
                for (int i = 0; i < length; i++) {
                    expected[i] += v[i];
                }
                EncryptedVector e = encoder.encode(v);
                assertEquals(packing.plaintexts(length), e.ciphertexts().size());
                sum.add(e);
            }
        }
        EncryptedVector total = sum.result();
        assertEquals(sites, total.count());
        assertArrayEquals(expected, packing.unpackSum(KEY.decrypt(total), length, total.count()));
    }

    @Test
    void worstCaseSumsDoNotCarryBetweenSlots() {
        // All S sites at +M in every slot fill each slot to S * 2M, the largest it may hold; all at -M
        // leave zeros. Alternating +M / -M puts a full slot right below an empty one: any carry would show.
        for (int sites : new int[] {1, 2, 3, 4, 8, 16, 17}) {
            long m = 1023;
            PaillierPacking packing = PaillierPacking.of(m, sites, KEY.publicKey());
            int length = 2 * packing.slotsPerPlaintext();
            long[] high = new long[length];
            long[] low = new long[length];
            long[] alternating = new long[length];
            for (int i = 0; i < length; i++) {
                high[i] = m;
                low[i] = -m;
                alternating[i] = i % 2 == 0 ? m : -m;
            }
            for (long[] pattern : new long[][] {high, low, alternating}) {
                PaillierSum sum = new PaillierSum(KEY.publicKey());
                try (RandomnessPool pool = new RandomnessPool(KEY.publicKey(), RANDOM, 1)) {
                    PaillierSiteEncoder encoder = new PaillierSiteEncoder(packing, pool);
                    for (int s = 0; s < sites; s++) {
                        sum.add(encoder.encode(pattern));
                    }
                }
                long[] expected = Arrays.stream(pattern).map(x -> x * sites).toArray();
                assertArrayEquals(expected, packing.unpackSum(KEY.decrypt(sum.result()), length, sites), "S=" + sites);
            }
        }
    }

    @Test
    void quantizerOutputSurvivesTheEncryptedSum() {
        Quantizer quantizer = Quantizer.forBudget(new Ring(20), 1.0, 4);
        PaillierPacking packing = PaillierPacking.of(quantizer.maxLevel(), quantizer.sites(), KEY.publicKey());
        int[] ringSum = new int[50];
        PaillierSum sum = new PaillierSum(KEY.publicKey());
        try (RandomnessPool pool = new RandomnessPool(KEY.publicKey(), RANDOM, 4)) {
            PaillierSiteEncoder encoder = new PaillierSiteEncoder(packing, pool);
            for (int s = 0; s < 4; s++) {
                float[] x = new float[50];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (RANDOM.nextDouble() * 2.4 - 1.2); // some values beyond the clip range
                }
                int[] q = quantizer.quantize(x, RANDOM);
                quantizer.ring().addInPlace(ringSum, q);
                sum.add(encoder.encodeRing(q, quantizer.ring()));
            }
        }
        long[] decrypted = packing.unpackSum(KEY.decrypt(sum.result()), 50, 4);
        for (int i = 0; i < 50; i++) {
            assertEquals(quantizer.ring().signed(ringSum[i]), decrypted[i], "coordinate " + i);
        }
    }

    @Test
    void settingsThatDoNotFitAreRefusedNamingBitsSitesAndKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PaillierPacking(1L << 40, 1 << 30, 2048));
        assertTrue(e.getMessage().contains("42 value bits") && e.getMessage().contains("30 headroom bits")
            && e.getMessage().contains(" sites") && e.getMessage().contains("2048-bit key"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PaillierPacking(1 << 20, 1000, 24));
        assertTrue(e.getMessage().contains("22 value bits") && e.getMessage().contains("1000 sites")
            && e.getMessage().contains("24-bit key"), e.getMessage());
        PaillierPacking packing = new PaillierPacking(100, 4, 512);
        e = assertThrows(IllegalArgumentException.class, () -> packing.pack(new int[] {0, 101}));
        assertEquals("paillier packing: value 1 lies outside [-M, M], M = 100", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> packing.unpackSum(packing.pack(new int[] {1}), 1, 5));
    }

    @Test
    void slotsOutOfRangeAreRefused() {
        PaillierPacking packing = new PaillierPacking(100, 4, 512);
        int w = packing.slotBits();
        // Two vectors summed: every slot may hold at most 2 * 2M = 400.
        BigInteger tooBigSlot = BigInteger.valueOf(401).shiftLeft(w); // slot 1
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> packing.unpackSum(new BigInteger[] {tooBigSlot}, 3, 2));
        assertTrue(e.getMessage().startsWith("paillier: value 1 of the decrypted sum is outside"), e.getMessage());
        BigInteger beyondLastSlot = BigInteger.ONE.shiftLeft(3 * w);
        e = assertThrows(IllegalStateException.class, () -> packing.unpackSum(new BigInteger[] {beyondLastSlot}, 3, 2));
        assertTrue(e.getMessage().contains("bits beyond its 3 slots"), e.getMessage());
        // 400 itself is fine: both vectors at +M.
        assertArrayEquals(new long[] {0, 200, 0}, packing.unpackSum(new BigInteger[] {BigInteger.valueOf(200)
            .add(BigInteger.valueOf(400).shiftLeft(w)).add(BigInteger.valueOf(200).shiftLeft(2 * w))}, 3, 2));
    }

    @Test
    void theCoordinatorRefusesVectorsOfAnotherShape() {
        PaillierPacking packing = new PaillierPacking(100, 4, 512);
        PaillierSum sum = new PaillierSum(KEY.publicKey());
        try (RandomnessPool pool = new RandomnessPool(KEY.publicKey(), RANDOM, 1)) {
            PaillierSiteEncoder encoder = new PaillierSiteEncoder(packing, pool);
            sum.add(encoder.encode(new int[] {1, 2, 3}));
            assertThrows(IllegalArgumentException.class, () -> sum.add(encoder.encode(new int[] {1, 2})));
        }
        assertThrows(IllegalArgumentException.class,
            () -> sum.add(new EncryptedVector(3, 1, java.util.List.of(KEY.publicKey().nSquared()))));
        assertEquals(1, sum.count());
    }
}

package org.fedmed.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MaskStreamTest {

    private static byte[] seed(int fill) {
        byte[] seed = new byte[MaskStream.SEED_BYTES];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (fill + 31 * i);
        }
        return seed;
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        Ring ring = new Ring(32);
        int[] first = MaskStream.expand(seed(1), 10_000, ring);
        assertArrayEquals(first, MaskStream.expand(seed(1), 10_000, ring));
        int[] other = MaskStream.expand(seed(2), 10_000, ring);
        int equal = 0;
        for (int i = 0; i < first.length; i++) {
            equal += first[i] == other[i] ? 1 : 0;
        }
        assertTrue(equal < 5, "two seeds agree on " + equal + " of 10000 elements");
    }

    @Test
    void isTheAesCtrKeystreamFromCounterZeroAcrossPieces() throws Exception {
        // Element i is keystream bytes [4i, 4i+4) little-endian, and keystream block b is AES_K(b) for a
        // 128-bit big-endian counter b (NIST SP 800-38A section 6.5): check blocks 0, 1 and those around
        // the first 16 KB piece boundary (block 1024) against AES in ECB mode.
        int n = 3 * MaskStream.CHUNK_BYTES / Integer.BYTES + 10; // the last piece is not whole AES blocks
        int[] mask = MaskStream.expand(seed(7), n, new Ring(32));
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed(7), "AES"));
        for (int block : new int[] {0, 1, 1023, 1024, 1025, 3 * 1024 + 1}) {
            byte[] counter = new byte[16];
            ByteBuffer.wrap(counter).putLong(8, block);
            ByteBuffer keystream = ByteBuffer.wrap(ecb.doFinal(counter)).order(ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < 4; j++) {
                assertEquals(keystream.getInt(4 * j), mask[4 * block + j], "block " + block + " word " + j);
            }
        }
        // A shorter stream is a prefix of a longer one, whatever the piece boundaries.
        assertArrayEquals(Arrays.copyOf(mask, 4097), MaskStream.expand(seed(7), 4097, new Ring(32)));
    }

    @Test
    void narrowRingsKeepTheLowBits() {
        int[] wide = MaskStream.expand(seed(3), 5000, new Ring(32));
        int[] narrow = MaskStream.expand(seed(3), 5000, new Ring(12));
        for (int i = 0; i < wide.length; i++) {
            assertEquals(wide[i] & 0xfff, narrow[i]);
        }
    }

    @Test
    void addThenSubtractRestoresTheVector() {
        Ring ring = new Ring(20);
        int[] x = MaskStream.expand(seed(4), 9000, ring);
        int[] masked = x.clone();
        MaskStream.add(masked, seed(5), ring);
        assertFalse(Arrays.equals(x, masked));
        MaskStream.subtract(masked, seed(5), ring);
        assertArrayEquals(x, masked);
    }

    @Test
    void uniformByChiSquareOnHighAndLowBits() {
        // 1M elements of Z_{2^16}, 16 buckets by the top 4 bits and 16 by the low 4 bits. With 15 degrees
        // of freedom, P(chi-square > 37.7) = 0.001; the seed is fixed, so the outcome is reproducible.
        int bits = 16;
        int[] mask = MaskStream.expand(seed(9), 1_000_000, new Ring(bits));
        long[] high = new long[16];
        long[] low = new long[16];
        for (int m : mask) {
            assertTrue(m >= 0 && m < 1 << bits);
            high[m >>> (bits - 4)]++;
            low[m & 15]++;
        }
        assertTrue(chiSquare(high, mask.length) < 37.7, "top bits: " + Arrays.toString(high));
        assertTrue(chiSquare(low, mask.length) < 37.7, "low bits: " + Arrays.toString(low));
        // The statistic does reject a skewed stream (one bucket 1% too full).
        long[] skewed = low.clone();
        skewed[0] += 10_000;
        skewed[1] -= 10_000;
        assertTrue(chiSquare(skewed, mask.length) > 37.7);
    }

    private static double chiSquare(long[] counts, int total) {
        double expected = (double) total / counts.length;
        double sum = 0;
        for (long c : counts) {
            sum += (c - expected) * (c - expected) / expected;
        }
        return sum;
    }

    @Test
    void refusesBadSeedsAndLengths() {
        Ring ring = new Ring(16);
        assertThrows(IllegalArgumentException.class, () -> MaskStream.expand(new byte[16], 10, ring));
        assertThrows(IllegalArgumentException.class, () -> MaskStream.expand(seed(1), -1, ring));
        assertEquals(0, MaskStream.expand(seed(1), 0, ring).length);
    }
}

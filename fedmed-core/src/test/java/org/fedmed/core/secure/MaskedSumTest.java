package org.fedmed.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pairwise masks cancel in the sum (Bonawitz et al. 2017, section 3, the masked input
 * y_i = x_i + sum_{j>i} PRG(s_ij) - sum_{j<i} PRG(s_ji)), with seeds from real X25519 agreements.
 */
class MaskedSumTest {

    private static final int LENGTH = 5000;

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5})
    void pairwiseMasksCancelInTheModularSum(int sites) {
        Ring ring = new Ring(sites == 4 ? 32 : 20);
        SplittableRandom random = new SplittableRandom(sites);
        int[][] inputs = new int[sites][LENGTH];
        for (int[] x : inputs) {
            for (int i = 0; i < LENGTH; i++) {
                x[i] = ring.reduce(random.nextInt());
            }
        }
        int[] expected = new int[LENGTH];
        for (int[] x : inputs) {
            ring.addInPlace(expected, x);
        }
        int[] sum = new int[LENGTH];
        for (int[] y : mask(inputs, ring, 11)) {
            ring.addInPlace(sum, y);
        }
        assertArrayEquals(expected, sum);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void quantizedMaskedUpdatesSumToTheClearSum(int sites) {
        Quantizer quantizer = Quantizer.forBudget(new Ring(24), 1.0, sites);
        SplittableRandom random = new SplittableRandom(42);
        float[] clearSum = new float[LENGTH];
        int[][] quantized = new int[sites][];
        for (int s = 0; s < sites; s++) {
            float[] update = new float[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                update[i] = (float) random.nextDouble(-1, 1);
                clearSum[i] += update[i];
            }
            quantized[s] = quantizer.quantize(update, random);
        }
        int[] sum = new int[LENGTH];
        for (int[] y : mask(quantized, quantizer.ring(), 12)) {
            quantizer.ring().addInPlace(sum, y);
        }
        float[] read = quantizer.dequantizeSum(sum);
        double tolerance = sites * quantizer.step() + 1e-5;
        for (int i = 0; i < LENGTH; i++) {
            assertEquals(clearSum[i], read[i], tolerance, "coordinate " + i);
        }
    }

    /** Each site's masked input; every masked vector must differ from its clear one. */
    private static int[][] mask(int[][] inputs, Ring ring, long round) {
        int sites = inputs.length;
        SecureRandom secure = new SecureRandom();
        KeyPair[] keys = new KeyPair[sites];
        for (int s = 0; s < sites; s++) {
            keys[s] = PairwiseKeys.generate(secure);
        }
        int[][] masked = new int[sites][];
        for (int i = 0; i < sites; i++) {
            masked[i] = inputs[i].clone();
            for (int j = 0; j < sites; j++) {
                if (j == i) {
                    continue;
                }
                // Site i computes s_ij itself, from its private key and j's public key.
                byte[] seed = PairwiseKeys.pairwiseSeed(keys[i].getPrivate(), keys[j].getPublic(), "site-" + i, "site-" + j, round);
                if (j > i) {
                    MaskStream.add(masked[i], seed, ring);
                } else {
                    MaskStream.subtract(masked[i], seed, ring);
                }
            }
            assertFalse(Arrays.equals(inputs[i], masked[i]), "site " + i + " sent its input in the clear");
        }
        return masked;
    }
}

package org.fedmed.core.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantizerTest {

    @Test
    void roundTripIsWithinOneStepOfTheClippedValue() {
        Quantizer q = new Quantizer(new Ring(24), 2.0, 1000, 10);
        SplittableRandom random = new SplittableRandom(1);
        float[] values = new float[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-3, 3);
        }
        values[0] = 2.0f;
        values[1] = -2.0f;
        values[2] = Float.POSITIVE_INFINITY;
        float[] back = q.dequantizeSum(q.quantize(values, random));
        for (int i = 0; i < values.length; i++) {
            double clipped = Math.max(-2.0, Math.min(2.0, values[i]));
            assertEquals(clipped, back[i], q.step() + 1e-6, "coordinate " + i);
        }
        assertEquals(2.0f, back[0]);
        assertEquals(-2.0f, back[1]);
        assertEquals(2.0f, back[2]);
    }

    @Test
    void stochasticRoundingIsUnbiased() {
        // y = x * scale has fractional part f; q is floor(y) + Bernoulli(f), so mean(q) / scale -> x with
        // standard error sqrt(f (1 - f) / draws) / scale. Round-to-nearest would miss x by 0.0141 / 0.0218.
        Quantizer q = new Quantizer(new Ring(16), 1.0, 10, 1);
        SplittableRandom random = new SplittableRandom(2);
        int draws = 200_000;
        for (float x : new float[] {0.3141f, -0.2718f}) {
            float[] values = new float[draws];
            Arrays.fill(values, x);
            double mean = 0;
            for (float v : q.dequantizeSum(q.quantize(values, random))) {
                mean += v;
            }
            mean /= draws;
            double tolerance = 5 * 0.5 / Math.sqrt(draws) / 10;
            assertEquals(x, mean, tolerance, "mean of stochastic rounding of " + x);
            double nearest = Math.round(x * 10) / 10.0;
            assertTrue(Math.abs(nearest - x) > 10 * tolerance, "the test tells rounding to nearest apart");
        }
    }

    @Test
    void sumOfSitesDequantizesWithinNSteps() {
        int sites = 8;
        Quantizer q = Quantizer.forBudget(new Ring(20), 0.5, sites);
        SplittableRandom random = new SplittableRandom(3);
        int[] sum = new int[3000];
        double[] clear = new double[sum.length];
        for (int s = 0; s < sites; s++) {
            float[] update = new float[sum.length];
            for (int i = 0; i < update.length; i++) {
                update[i] = (float) random.nextDouble(-0.6, 0.6);
                clear[i] += Math.max(-0.5, Math.min(0.5, update[i]));
            }
            q.ring().addInPlace(sum, q.quantize(update, random));
        }
        float[] read = q.dequantizeSum(sum);
        for (int i = 0; i < read.length; i++) {
            assertEquals(clear[i], read[i], sites * q.step() + 1e-6, "coordinate " + i);
        }
    }

    @Test
    void extremesAtTheBudgetDoNotWrap() {
        for (int bits : new int[] {8, 16, 32}) {
            for (double clip : new double[] {0.1, 1.0, 3.7}) {
                int sites = 5;
                Quantizer q = Quantizer.forBudget(new Ring(bits), clip, sites);
                assertTrue(sites * q.maxLevel() <= (1L << (bits - 1)) - 1, "budget at " + bits + " bits");
                int[] top = new int[1];
                int[] bottom = new int[1];
                SplittableRandom random = new SplittableRandom(4);
                for (int s = 0; s < sites; s++) {
                    q.ring().addInPlace(top, q.quantize(new float[] {(float) clip * 2}, random));
                    q.ring().addInPlace(bottom, q.quantize(new float[] {(float) -clip * 2}, random));
                }
                assertEquals(sites * clip, q.dequantizeSum(top)[0], sites * q.step() + 1e-5, bits + " bits, c=" + clip);
                assertEquals(-sites * clip, q.dequantizeSum(bottom)[0], sites * q.step() + 1e-5, bits + " bits, c=" + clip);
            }
        }
    }

    @Test
    void refusesASumThatWouldOverflowTheRing() {
        // 32 * 1000 = 32000 fits 2^15 - 1 = 32767; 40 * 1000 does not.
        new Quantizer(new Ring(16), 1.0, 1000, 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Quantizer(new Ring(16), 1.0, 1000, 40));
        assertTrue(e.getMessage().contains("16 bits") && e.getMessage().contains("40 sites") && e.getMessage().contains("c=1.0"),
            e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Quantizer.forBudget(new Ring(8), 1.0, 200));
        assertTrue(none.getMessage().contains("8 bits") && none.getMessage().contains("200 sites"), none.getMessage());
    }

    @Test
    void refusesBadSettingsAndNaN() {
        assertThrows(IllegalArgumentException.class, () -> new Quantizer(new Ring(16), 0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new Quantizer(new Ring(16), Double.NaN, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new Quantizer(new Ring(16), 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Quantizer(new Ring(16), 1, 10, 0));
        Quantizer q = new Quantizer(new Ring(16), 1, 10, 1);
        assertThrows(IllegalArgumentException.class, () -> q.quantize(new float[] {0f, Float.NaN}, new SplittableRandom(5)));
    }

    @Test
    void ringReadsElementsAsSignedValues() {
        Ring eight = new Ring(8);
        assertEquals(0xff, eight.reduce(-1));
        assertEquals(-1, eight.signed(0xff));
        assertEquals(127, eight.signed(127));
        assertEquals(-128, eight.signed(128));
        Ring full = new Ring(32);
        assertEquals(-1, full.mask());
        assertEquals(Integer.MIN_VALUE, full.signed(Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new Ring(33));
        assertThrows(IllegalArgumentException.class, () -> new Ring(0));
    }
}

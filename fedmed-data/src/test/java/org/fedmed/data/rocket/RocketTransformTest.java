package org.fedmed.data.rocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.junit.jupiter.api.Test;

class RocketTransformTest {

    private static final float[] RAMP = {1, 2, 3, 4};

    @Test
    void unpaddedKernelGivesHandComputedFeatures() {
        // outputs over 1,2,3,4 with weights (1, 0, -1) and bias 0.5: 1-3+0.5 = -1.5 and 2-4+0.5 = -1.5
        RocketTransform t = new RocketTransform(List.of(new RocketKernel(new float[] {1, 0, -1}, 0.5f, 1, 0)));
        assertArrayEquals(new float[] {0f, -1.5f}, t.apply(RAMP));
    }

    @Test
    void paddingAddsZerosAtBothEnds() {
        // with one zero at each end: (0,1,2) -> -1.5, (1,2,3) -> -1.5, (2,3,4) -> -1.5, (3,4,0) -> 3.5: ppv 1/4, max 3.5
        RocketTransform t = new RocketTransform(List.of(new RocketKernel(new float[] {1, 0, -1}, 0.5f, 1, 1)));
        assertArrayEquals(new float[] {0.25f, 3.5f}, t.apply(RAMP));
    }

    @Test
    void dilationSpacesTheWeights() {
        // weights 1 and 1 two apart over 1,2,3,4: 1+3 = 4, 2+4 = 6, bias -5: -1 and 1; then a second kernel's pair
        RocketTransform t = new RocketTransform(List.of(new RocketKernel(new float[] {1, 1}, -5f, 2, 0),
                new RocketKernel(new float[] {2}, 0f, 1, 0)));
        assertArrayEquals(new float[] {0.5f, 1f, 1f, 8f}, t.apply(RAMP));
    }

    @Test
    void theSameSeedDrawsTheSameKernelsAndAnotherSeedOthers() {
        RocketTransform a = RocketTransform.draw(50, 96, 7);
        assertEquals(a.kernels(), RocketTransform.draw(50, 96, 7).kernels());
        assertNotEquals(a.kernels(), RocketTransform.draw(50, 96, 8).kernels());
        float[] series = wave(96, 0.3);
        assertArrayEquals(a.apply(series), RocketTransform.draw(50, 96, 7).apply(series));
        assertEquals(100, a.apply(series).length);
    }

    @Test
    void drawnKernelsFollowThePaper() {
        int length = 96;
        List<RocketKernel> kernels = RocketTransform.draw(2000, length, 3).kernels();
        boolean padded = false;
        boolean unpadded = false;
        boolean dilated = false;
        for (RocketKernel k : kernels) {
            int n = k.weights().length;
            assertTrue(n == 7 || n == 9 || n == 11, k.toString());
            assertEquals(0, sum(k.weights()), 1e-5, "weights are centred: " + k);
            assertTrue(k.bias() >= -1 && k.bias() < 1, k.toString());
            assertTrue(k.span() <= length, "the kernel fits the series unpadded: " + k);
            assertTrue(k.padding() == 0 || k.padding() == (n - 1) * k.dilation() / 2, k.toString());
            padded |= k.padding() > 0;
            unpadded |= k.padding() == 0;
            dilated |= k.dilation() >= 8;
        }
        assertTrue(padded && unpadded && dilated, "both paddings and large dilations are drawn");
        long sevens = kernels.stream().filter(k -> k.weights().length == 7).count();
        assertTrue(sevens > 500 && sevens < 830, "about a third of the kernels have length 7: " + sevens);
    }

    @Test
    void samplesBecomeTwoFeaturesPerKernelWithLabelsKept() {
        float[] values = new float[3 * 20];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(wave(20, i), 0, values, i * 20, 20);
        }
        LabeledSamples series = new LabeledSamples(new int[] {1, 20}, values, new int[] {0, 1, 1}, List.of("normal", "abnormal"));
        RocketTransform t = RocketTransform.draw(10, 20, 1);
        LabeledSamples f = t.apply(series);
        assertArrayEquals(new int[] {20}, f.featureShape());
        assertArrayEquals(new int[] {0, 1, 1}, f.labels());
        assertEquals(series.classNames(), f.classNames());
        assertArrayEquals(t.apply(wave(20, 2)), Arrays.copyOfRange(f.features(), 40, 60), "row 3 is series 3's features");
        assertFalse(Arrays.equals(Arrays.copyOfRange(f.features(), 0, 20), Arrays.copyOfRange(f.features(), 20, 40)));
    }

    @Test
    void refusesWhatItCannotTransformNamingTheShape() {
        RocketTransform t = RocketTransform.draw(5, 20, 1);
        LabeledSamples twoChannels = new LabeledSamples(new int[] {2, 20}, new float[40], new int[] {0}, List.of("a", "b"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.apply(twoChannels)).getMessage()
                .contains("one-channel series of shape [1, length], got shape [2, 20]"));
        LabeledSamples table = new LabeledSamples(new int[] {20}, new float[20], new int[] {0}, List.of("a", "b"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.apply(table)).getMessage().contains("got shape [20]"));
        LabeledSamples shortSeries = new LabeledSamples(new int[] {1, 10}, new float[10], new int[] {0}, List.of("a", "b"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.apply(shortSeries)).getMessage()
                .contains("at least 11 values"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RocketTransform.draw(0, 96, 1)).getMessage()
                .contains("rocket_kernels must be between 1 and 100000, got 0"));
        assertThrows(IllegalArgumentException.class, () -> RocketTransform.draw(RocketTransform.MAX_KERNELS + 1, 96, 1));
        assertThrows(IllegalArgumentException.class, () -> new RocketKernel(new float[] {1}, 0, 0, 0));
        RocketTransform wide = new RocketTransform(List.of(new RocketKernel(new float[] {1, 1}, 0, 30, 0)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> wide.apply(RAMP)).getMessage()
                .contains("does not fit a series of 4 values"));
    }

    static float[] wave(int length, double phase) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) Math.sin(0.4 * i + phase);
        }
        return x;
    }

    private static double sum(float[] w) {
        double s = 0;
        for (float v : w) {
            s += v;
        }
        return s;
    }
}

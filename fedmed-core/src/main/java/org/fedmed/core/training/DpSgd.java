package org.fedmed.core.training;

import java.util.List;
import org.fedmed.core.privacy.accounting.Checks;

/**
 * Sample-level differential privacy for local training: DP-SGD (Abadi et al. 2016). Each step
 * samples every training example independently with probability q (Poisson sampling, which is what
 * the RDP accountant assumes), clips each example's gradient to L2 norm {@code clipNorm}, sums,
 * adds Gaussian noise N(0, (σ·C)²) per coordinate and divides by the expected batch size q·n.
 *
 * <p>The sampling rate follows the requested batch size the way Opacus's DP data loader does:
 * an epoch is {@link #stepsPerEpoch} = ⌈n / batch⌉ steps at q = 1 / steps, so the expected batch
 * is n / steps (at most the batch size) and one epoch touches each example once in expectation.
 * Accountants must use the same two numbers, so both live here.
 *
 * @param clipNorm        C, the per-example gradient norm bound (> 0)
 * @param noiseMultiplier σ, noise standard deviation in units of C (> 0)
 * @param seededNoise     draw sampling and noise from the training seed so a research run repeats
 *                        exactly; predictable noise gives NO privacy. Off: a cryptographic generator.
 * @param classWeights    loss weight per class when the training balances classes, derived from
 *                        differentially private (noisy) class counts, since weights fitted on the exact
 *                        labels would make each example's loss depend on all the others; empty otherwise
 * @param delta           the δ at which the study reports ε, so that a site can refuse a study that
 *                        changes its own; NaN when the study does not state one
 */
public record DpSgd(double clipNorm, double noiseMultiplier, boolean seededNoise, List<Double> classWeights, double delta) {

    /** Noise multiplier of the Gaussian mechanism on a site's class counts (sensitivity 1): cheap, see {@link #withClassWeights}. */
    public static final double CLASS_COUNT_NOISE = 20.0;

    /** DP-SGD without class weights. */
    public DpSgd(double clipNorm, double noiseMultiplier, boolean seededNoise) {
        this(clipNorm, noiseMultiplier, seededNoise, List.of(), Double.NaN);
    }

    /** DP-SGD with class weights, without a stated δ. */
    public DpSgd(double clipNorm, double noiseMultiplier, boolean seededNoise, List<Double> classWeights) {
        this(clipNorm, noiseMultiplier, seededNoise, classWeights, Double.NaN);
    }

    public DpSgd {
        classWeights = List.copyOf(classWeights);
        for (double w : classWeights) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("class weights must be finite and >= 0, got " + classWeights);
            }
        }
        Checks.positive("DP-SGD clip norm", clipNorm);
        Checks.positive("DP-SGD noise multiplier", noiseMultiplier);
        if (!Double.isNaN(delta)) {
            Checks.openUnit("DP-SGD delta", delta);
        }
    }

    /** The same settings with another σ. */
    public DpSgd withNoiseMultiplier(double sigma) {
        return new DpSgd(clipNorm, sigma, seededNoise, classWeights, delta);
    }

    /** The same settings, stating the δ at which the study reports ε. */
    public DpSgd withDelta(double delta) {
        return new DpSgd(clipNorm, noiseMultiplier, seededNoise, classWeights, delta);
    }

    /**
     * The same settings with class weights n'/(k·c'_j) from noisy class counts c'_j (each count plus
     * N(0, {@link #CLASS_COUNT_NOISE}²), floored at 1; n' their sum). Releasing the counts is a
     * Gaussian mechanism of sensitivity 1 that the site must account once (q = 1, one step).
     */
    public DpSgd withClassWeights(double[] noisyCounts) {
        int k = noisyCounts.length;
        double total = 0;
        for (double c : noisyCounts) {
            total += Math.max(1.0, c);
        }
        Double[] w = new Double[k];
        for (int j = 0; j < k; j++) {
            w[j] = total / (k * Math.max(1.0, noisyCounts[j]));
        }
        return new DpSgd(clipNorm, noiseMultiplier, seededNoise, List.of(w), delta);
    }

    /** Steps in one local epoch over {@code examples} examples at the requested {@code batchSize}. */
    public static int stepsPerEpoch(int examples, int batchSize) {
        if (examples <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("examples and batch size must be positive, got " + examples + " and " + batchSize);
        }
        return (examples + batchSize - 1) / batchSize;
    }

    /** The Poisson sampling rate q of each step. */
    public static double samplingRate(int examples, int batchSize) {
        return 1.0 / stepsPerEpoch(examples, batchSize);
    }
}

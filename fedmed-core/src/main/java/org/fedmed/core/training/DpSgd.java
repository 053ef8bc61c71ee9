package org.fedmed.core.training;

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
 */
public record DpSgd(double clipNorm, double noiseMultiplier, boolean seededNoise) {

    public DpSgd {
        if (!(clipNorm > 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("DP-SGD clip norm must be a positive number, got " + clipNorm);
        }
        if (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier)) {
            throw new IllegalArgumentException("DP-SGD noise multiplier must be a positive number, got " + noiseMultiplier);
        }
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

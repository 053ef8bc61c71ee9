package org.fedmed.core.privacy;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Source of the Gaussian noise that makes an aggregate differentially private.
 *
 * <p>{@link #secure()} draws from {@link SecureRandom} and is what real runs must use: the privacy
 * guarantee assumes the noise cannot be predicted. {@link #seeded(long)} is a deterministic
 * {@link SplittableRandom} stream for reproducible research and tests only — anyone who knows the
 * seed can subtract the noise, so it gives no privacy at all. Neither is hardened against the
 * floating-point attacks on textbook Gaussian sampling (Mironov 2012; Jin et al. 2022); a
 * production deployment should add a discrete or snapping mechanism.
 *
 * <p>Not thread-safe when seeded; one instance per aggregation thread.
 */
public final class GaussianNoise {

    private final RandomGenerator random;
    private final boolean deterministic;

    private GaussianNoise(RandomGenerator random, boolean deterministic) {
        this.random = random;
        this.deterministic = deterministic;
    }

    /** Cryptographically strong noise: for every run whose privacy matters. */
    public static GaussianNoise secure() {
        return new GaussianNoise(new SecureRandom(), false);
    }

    /** A reproducible stream for research and tests; NOT private (the seed reveals the noise). */
    public static GaussianNoise seeded(long seed) {
        return new GaussianNoise(new SplittableRandom(seed), true);
    }

    /** Whether this stream is reproducible from a seed (and therefore gives no real privacy). */
    public boolean deterministic() {
        return deterministic;
    }

    /** One draw from N(0, std²); std must be finite and ≥ 0. */
    public double next(double std) {
        checkStd(std);
        return std == 0.0 ? 0.0 : std * random.nextGaussian();
    }

    /** Adds independent N(0, std²) to {@code values[from, to)}, accumulating in double. */
    public void addTo(float[] values, int from, int to, double std) {
        checkStd(std);
        if (std == 0.0) {
            return;
        }
        for (int i = from; i < to; i++) {
            values[i] = (float) (values[i] + std * random.nextGaussian());
        }
    }

    private static void checkStd(double std) {
        if (!(std >= 0.0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("noise standard deviation must be finite and >= 0, got " + std);
        }
    }
}

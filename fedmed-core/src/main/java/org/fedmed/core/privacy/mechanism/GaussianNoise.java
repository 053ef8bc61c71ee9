package org.fedmed.core.privacy.mechanism;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.security.NoSuchAlgorithmException;
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

    private static final int SECURE_BUFFER_WORDS = 8192;

    private final RandomGenerator random;
    private final boolean deterministic;
    private final ByteBuffer secureBytes; // bulk draws from the DRBG (one call per 64 KiB, not per value)
    private LongBuffer secureWords;
    private long spareBits; // the low half of the last word, not yet used
    private boolean hasSpare;

    private GaussianNoise(RandomGenerator random, boolean deterministic) {
        this.random = random;
        this.deterministic = deterministic;
        this.secureBytes = deterministic ? null : ByteBuffer.allocate(8 * SECURE_BUFFER_WORDS).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Cryptographically strong noise: for every run whose privacy matters. The generator is the JDK's
     * NIST SP 800-90A DRBG seeded from the operating system (about 350 MB/s here, 5x the
     * {@code NativePRNG} default, which matters when DP-SGD draws a model-sized vector every step).
     */
    public static GaussianNoise secure() {
        return new GaussianNoise(drbg(), false);
    }

    /** The JDK's DRBG seeded from the operating system (the platform default where it has none): for DP randomness. */
    public static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
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

    /**
     * Sets {@code out[from, to)} to independent N(0, std²) draws: the bulk path for model-sized noise
     * vectors (Marsaglia's polar method on 32-bit uniforms, two per random word, which bounds
     * |z| at about 9.3 standard deviations; the secure stream reads its random words in 64 KiB
     * blocks). Seeded streams give the same values on every run.
     */
    public void fill(float[] out, int from, int to, double std) {
        checkStd(std);
        int i = from;
        while (i < to) {
            double u;
            double v;
            double s;
            do {
                u = 2 * unit() - 1;
                v = 2 * unit() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double f = std * Math.sqrt(-2 * Math.log(s) / s);
            out[i++] = (float) (u * f);
            if (i < to) {
                out[i++] = (float) (v * f);
            }
        }
    }

    /** A uniform double in [0, 1) from 32 random bits. */
    private double unit() {
        if (hasSpare) {
            hasSpare = false;
            return (spareBits & 0xFFFFFFFFL) * 0x1.0p-32;
        }
        long word;
        if (secureBytes == null) {
            word = random.nextLong();
        } else {
            if (secureWords == null || !secureWords.hasRemaining()) {
                ((SecureRandom) random).nextBytes(secureBytes.array());
                secureWords = secureBytes.asLongBuffer();
            }
            word = secureWords.get();
        }
        spareBits = word;
        hasSpare = true;
        return (word >>> 32) * 0x1.0p-32;
    }

    private static void checkStd(double std) {
        if (!(std >= 0.0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("noise standard deviation must be finite and >= 0, got " + std);
        }
    }
}

package org.fedmed.core.privacy.mechanism;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Source of the integer noise of the Skellam mechanism (Agarwal, Kairouz &amp; Liu 2021, "The
 * Skellam Mechanism for Differentially Private Federated Learning", NeurIPS): Sk(μ) = P₁ − P₂ with
 * P₁, P₂ independent Poisson(μ), symmetric, of variance 2μ.
 *
 * <p>Why Skellam under secure aggregation: Poisson(a) + Poisson(b) is Poisson(a + b), so n sites
 * each adding Sk(μ/n) to their quantized update put exactly Sk(μ) on the sum, and only the sum is
 * ever unmasked. The noise is added with wrapping {@code int} arithmetic because the secure sum
 * lives in Z_{2^32} (or a ring Z_{2^k} reduced from it); the noise itself is a small integer
 * (about √(2μ)), far inside the ring.
 *
 * <p>{@link #secure()} draws from the JDK's DRBG and is what real runs must use: the guarantee
 * assumes nobody can predict the noise. {@link #seeded(long)} is a reproducible stream for research
 * runs and tests only; the seed reveals the noise, so it gives no privacy ({@link #deterministic()}).
 *
 * <p>Not thread-safe; one instance per thread.
 */
public final class SkellamNoise {

    private static final int SECURE_BUFFER_WORDS = 8192;

    private final SplittableRandom seeded;
    private final SecureRandom secure;
    private final ByteBuffer secureBytes; // DRBG output in 64 KiB blocks: one generate call per block
    private LongBuffer secureWords;

    private SkellamNoise(SplittableRandom seeded, SecureRandom secure) {
        this.seeded = seeded;
        this.secure = secure;
        this.secureBytes = secure == null ? null
                : ByteBuffer.allocate(8 * SECURE_BUFFER_WORDS).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Noise from the JDK's NIST SP 800-90A DRBG ({@link GaussianNoise#drbg()}): for every real run. */
    public static SkellamNoise secure() {
        return new SkellamNoise(null, GaussianNoise.drbg());
    }

    /** A reproducible stream for research and tests; NOT private (the seed reveals the noise). */
    public static SkellamNoise seeded(long seed) {
        return new SkellamNoise(new SplittableRandom(seed), null);
    }

    /** Whether this stream is reproducible from a seed (and therefore gives no real privacy). */
    public boolean deterministic() {
        return seeded != null;
    }

    /** One Poisson(μ) draw, μ in [0, {@link Poisson#MAX_MEAN}]. */
    public long nextPoisson(double mu) {
        return Poisson.sample(mu, this::unit);
    }

    /** One Skellam(μ) draw: the difference of two independent Poisson(μ) draws. */
    public long next(double mu) {
        Poisson.checkMean(mu);
        return nextPoisson(mu) - nextPoisson(mu);
    }

    /**
     * Adds independent Sk(μ) noise to {@code values[from, to)} in place, wrapping modulo 2^32 like the
     * ring the values live in (reduce to Z_{2^k} afterwards if k &lt; 32; 2^k divides 2^32).
     */
    public void addTo(int[] values, int from, int to, double mu) {
        Poisson.checkMean(mu);
        if (from < 0 || to > values.length || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of an array of " + values.length);
        }
        if (mu == 0.0) {
            return;
        }
        for (int i = from; i < to; i++) {
            values[i] += (int) (nextPoisson(mu) - nextPoisson(mu)); // (int) of a long wraps mod 2^32
        }
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    private double unit() {
        if (seeded != null) {
            return seeded.nextDouble();
        }
        if (secureWords == null || !secureWords.hasRemaining()) {
            secure.nextBytes(secureBytes.array());
            secureWords = secureBytes.asLongBuffer();
        }
        return (secureWords.get() >>> 11) * 0x1.0p-53;
    }
}

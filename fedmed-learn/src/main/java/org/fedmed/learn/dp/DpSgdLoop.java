package org.fedmed.learn.dp;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.Lock;
import java.util.random.RandomGenerator;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.learn.train.ParameterUpdater;

/**
 * The local epochs of one DP-SGD fit (Abadi et al. 2016) as the accountant assumes them: every step
 * draws a Poisson sample (each example independently with probability q, so the batch size varies
 * and may be 0), sums the per-example clipped gradients ({@link PerExampleGradients}), adds
 * N(0, (σ·C)²) to every coordinate and divides by the expected batch size q·n (not the drawn size,
 * which would leak it). The optimizer (SGD/momentum, Adam, decay, FedProx) then works on that noisy
 * gradient: post-processing, so it costs no privacy.
 *
 * <p>With {@link DpSgd#seededNoise()} sampling and noise come from the training seed, so runs repeat
 * exactly (and are not private); otherwise both come from the JDK's DRBG.
 */
public final class DpSgdLoop {

    /** What the epochs did. */
    public record Outcome(double lastEpochMeanLoss, long examplesSeen, int steps) {
    }

    private final Engine engine;
    private final PerExampleGradients clipper;
    private final Lock gradientLock;

    public DpSgdLoop(Engine engine, PerExampleGradients clipper, Lock gradientLock) {
        this.engine = engine;
        this.clipper = clipper;
        this.gradientLock = gradientLock;
    }

    /**
     * Runs {@code config.localEpochs()} epochs of DP-SGD over {@code n} staged examples.
     *
     * @param features  all examples [n, ...] (native)
     * @param targets   one-hot rows scaled by class weight [n, k]
     * @param trainable the block's trainable arrays (shapes of the noise)
     */
    public Outcome run(NDArray features, NDArray targets, int n, List<NDArray> trainable, ParameterUpdater updater,
                       TrainingConfig config, NDManager fitManager) {
        DpSgd dp = config.dpSgd();
        int stepsPerEpoch = DpSgd.stepsPerEpoch(n, config.batchSize());
        double q = DpSgd.samplingRate(n, config.batchSize());
        float expectedBatch = (float) (q * n);
        float clip = (float) dp.clipNorm();
        double noiseStd = dp.noiseMultiplier() * dp.clipNorm();
        RandomGenerator sampler = dp.seededNoise() ? new SplittableRandom(config.seed()) : GaussianNoise.drbg();
        GaussianNoise noise = dp.seededNoise() ? GaussianNoise.seeded(Seeds.salted(config.seed(), 0x6E6F697365L)) : GaussianNoise.secure();
        int largest = trainable.stream().mapToInt(a -> Math.toIntExact(a.size())).max().orElse(0);
        float[] noiseBuffer = new float[largest];

        double lossSum = 0;
        long lastEpochExamples = 0;
        long seen = 0;
        for (int epoch = 0; epoch < config.localEpochs(); epoch++) {
            lossSum = 0;
            lastEpochExamples = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                int[] batch = poissonSample(n, q, sampler);
                try (NDManager step = fitManager.newSubManager()) {
                    List<NDArray> sums;
                    if (batch.length == 0) {
                        sums = new ArrayList<>(trainable.size());
                        for (NDArray w : trainable) {
                            sums.add(step.zeros(w.getShape()));
                        }
                    } else {
                        NDArray index = step.create(Arrays.stream(batch).asLongStream().toArray());
                        NDArray x = features.get(index);
                        x.attach(step);
                        NDArray t = targets.get(index);
                        t.attach(step);
                        ClippedSum c;
                        gradientLock.lock();
                        try {
                            c = clipper.clippedSum(engine, x, t, clip, true, step);
                        } finally {
                            gradientLock.unlock();
                        }
                        sums = c.gradients();
                        lossSum += c.lossSum();
                        lastEpochExamples += batch.length;
                        seen += batch.length;
                    }
                    List<NDArray> noisy = new ArrayList<>(sums.size());
                    for (NDArray sum : sums) {
                        int size = Math.toIntExact(sum.size());
                        noise.fill(noiseBuffer, 0, size, noiseStd);
                        NDArray z = step.create(FloatBuffer.wrap(noiseBuffer, 0, size), sum.getShape());
                        noisy.add(sum.add(z).div(expectedBatch));
                    }
                    updater.step(step, noisy);
                }
            }
        }
        double meanLoss = lastEpochExamples == 0 ? Double.NaN : lossSum / lastEpochExamples;
        return new Outcome(meanLoss, seen, stepsPerEpoch * config.localEpochs());
    }

    /**
     * Indices of the examples drawn, each independently with probability q. The gaps between drawn
     * indices are geometric, so this takes about q·n random numbers instead of n (which matters when
     * they come from the DRBG).
     */
    static int[] poissonSample(int n, double q, RandomGenerator random) {
        if (q <= 0) {
            return new int[0];
        }
        if (q >= 1) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] picked = new int[Math.min(n, 16)];
        int count = 0;
        double logMiss = Math.log1p(-q);
        long i = -1;
        while (true) {
            // P(gap = g) = (1 - q)^(g - 1) q for g = 1, 2, ...
            i += 1 + (long) Math.floor(Math.log1p(-random.nextDouble()) / logMiss);
            if (i >= n) {
                return Arrays.copyOf(picked, count);
            }
            if (count == picked.length) {
                picked = Arrays.copyOf(picked, Math.min(n, 2 * count));
            }
            picked[count++] = (int) i;
        }
    }
}

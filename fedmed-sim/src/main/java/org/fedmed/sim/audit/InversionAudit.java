package org.fedmed.sim.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.audit.Psnr;
import org.fedmed.core.privacy.audit.Ssim;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.learn.inversion.GradientInversion;
import org.fedmed.study.SampleDpSpec;
import org.fedmed.study.StudySpec;

/**
 * What a curious coordinator can rebuild of a site's training images from the update it receives.
 * The coordinator holds the global weights (here the study's round-1 model, the bundled CNN) and
 * one site's update; images of the first site are drawn (seeded), and for each the update is built
 * three ways:
 * <ul>
 *   <li>{@code clear}: one local SGD step on that single image (a site with one image in its round,
 *       or batch size 1: the worst case), read back as the gradient −Δ/lr;</li>
 *   <li>{@code dp-sgd}: the same gradient clipped to C and with Gaussian noise of standard deviation
 *       σ·C added, as DP-SGD adds to a batch of one; σ and C are the study's sample-level DP settings
 *       (σ calibrated for its ε by the study's planner when only ε is given);</li>
 *   <li>{@code secagg-sum}: secure aggregation shows only the sum of this update and those of k−1
 *       other sites, each one step on one of their own images.</li>
 * </ul>
 * Each is inverted ({@link GradientInversion}) and scored with PSNR and SSIM in [0, 1] pixel space.
 * Two yardsticks: the attack's own starting point (uniform noise) against the original, and the
 * other images of the secure sum against it: images of one dataset resemble each other (every
 * PneumoniaMNIST image is a chest X-ray), so only a reconstruction that beats another patient's image
 * shows this patient rather than the dataset's look.
 */
public final class InversionAudit {

    public static final String CLEAR = "clear";
    public static final String DP_SGD = "dp-sgd";
    public static final String SECAGG = "secagg-sum";
    public static final List<String> SETTINGS = List.of(CLEAR, DP_SGD, SECAGG);

    /**
     * The audit's knobs: images audited, attack steps, sites summed under secure aggregation, seed,
     * attack trials per reconstruction (the best matching loss wins), and the attack's Adam step and TV weight.
     */
    public record Settings(int images, int steps, int sumOf, long seed, int trials, double attackRate, double tvWeight) {
        public Settings {
            if (images <= 0) {
                throw new IllegalArgumentException("--images must be positive, got " + images);
            }
            if (steps <= 0) {
                throw new IllegalArgumentException("--steps must be positive, got " + steps);
            }
            if (sumOf < 2) {
                throw new IllegalArgumentException("--sum-of must be at least 2 (the audited site and one more), got " + sumOf);
            }
            if (trials <= 0) {
                throw new IllegalArgumentException("--trials must be positive, got " + trials);
            }
        }

        public Settings(int images, int steps, int sumOf, long seed, int trials) {
            this(images, steps, sumOf, seed, trials, 0.1, 1e-4);
        }
    }

    private InversionAudit() {
    }

    /**
     * Runs the audit on {@code data} for {@code spec}'s seed, learning rate and sample-level DP settings.
     *
     * @throws IllegalArgumentException for a dataset without images, a spec without sample-level DP, or
     *     a site with fewer training images than asked for
     */
    public static InversionAuditResult run(StudySpec spec, FederatedData data, Settings s, Consumer<String> progress) {
        long start = System.nanoTime();
        int[] shape = data.featureShape();
        if (shape.length != 3 || shape[0] != 1) {
            throw new IllegalArgumentException("dataset '" + data.dataset() + "' has no one-channel images (feature shape "
                    + Arrays.toString(shape) + "): the inversion audit needs an image dataset, e.g. pneumoniamnist");
        }
        SampleDpSpec dp = spec.sampleDp();
        if (dp == null) {
            throw new IllegalArgumentException("the inversion audit needs sample-level DP settings (clip norm and noise or epsilon)");
        }
        SiteData site = data.sites().get(0);
        LabeledSamples train = site.train();
        if (train.size() < s.images()) {
            throw new IllegalArgumentException("--images " + s.images() + " exceeds the " + train.size() + " training images of site "
                    + site.siteId());
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        data.sites().forEach(x -> sizes.put(x.siteId(), x.train().size()));
        SampleDpSpec.SitePlan plan = dp.plan(sizes, spec.rounds(), spec.training().localEpochs(), spec.training().batchSize(),
                spec.training().balanceClasses()).sites().get(site.siteId());
        double sigma = plan.noiseMultiplier();
        double clip = dp.clipNorm();
        double lr = spec.training().learningRate();
        ModelSpec model = new ModelSpec(ModelArchitecture.CNN, shape, data.numClasses(), List.of(), 0.0);
        Random rng = new Random(Seeds.mix(s.seed(), 0x496e76L));
        int[] chosen = Arrays.copyOf(Shuffle.permutation(train.size(), rng), s.images());
        LabeledSamples others = othersPool(data, site);
        List<InversionAuditResult.Reconstruction> out = new ArrayList<>();
        try (DjlTrainer trainer = DjlTrainer.builder().model(model).build()) {
            ModelWeights global = trainer.initialWeights(spec.seed());
            TrainingConfig oneStep = new TrainingConfig(1, 1, lr, OptimizerKind.SGD, 0, 0, 0, false, s.seed());
            for (int n = 0; n < chosen.length; n++) {
                int row = chosen[n];
                long t = System.nanoTime();
                LabeledSamples one = train.subset(new int[] {row});
                ModelWeights clear = GradientInversion.gradientOfStep(global, trainer.fit(global, one, oneStep).weights(), lr);
                ModelWeights noisy = dpSgd(clear, clip, sigma, new Random(Seeds.mix(s.seed(), 0x4450, n)));
                float[] original = Arrays.copyOf(one.features(), one.features().length);
                ModelWeights sum = clear;
                int[] partners = partners(others, others == train ? row : -1, s.sumOf() - 1, new Random(Seeds.mix(s.seed(), 0x5341, n)));
                double otherPsnr = 0;
                double otherSsim = 0;
                List<float[]> partnerImages = new ArrayList<>();
                for (int j = 0; j < s.sumOf() - 1; j++) {
                    LabeledSamples other = others.subset(new int[] {partners[j]});
                    ModelWeights g = GradientInversion.gradientOfStep(global, trainer.fit(global, other, oneStep).weights(), lr);
                    sum = sum.plusScaled(g, 1f);
                    partnerImages.add(other.features());
                    otherPsnr += Psnr.of(original, other.features(), 1) / (s.sumOf() - 1);
                    otherSsim += Ssim.of(original, other.features(), shape[2], shape[1], 1) / (s.sumOf() - 1);
                }
                GradientInversion.Settings attack = new GradientInversion.Settings(s.steps(), s.attackRate(), s.tvWeight(),
                        Seeds.mix(s.seed(), 0x4174, n), s.trials());
                Map<String, ModelWeights> updates = new LinkedHashMap<>();
                updates.put(CLEAR, clear);
                updates.put(DP_SGD, noisy);
                updates.put(SECAGG, sum);
                for (Map.Entry<String, ModelWeights> e : updates.entrySet()) {
                    GradientInversion.Reconstruction r = GradientInversion.reconstruct(model, global, e.getValue(), attack);
                    double ssim = Ssim.of(original, r.image(), shape[2], shape[1], 1);
                    boolean identified = true;
                    for (float[] p : partnerImages) {
                        identified &= Ssim.of(p, r.image(), shape[2], shape[1], 1) < ssim;
                    }
                    out.add(new InversionAuditResult.Reconstruction(e.getKey(), row, one.labels()[0], r.label(),
                            Psnr.of(original, r.image(), 1), ssim, Psnr.of(original, r.start(), 1),
                            Ssim.of(original, r.start(), shape[2], shape[1], 1), otherPsnr, otherSsim, identified, r.loss(),
                            original, r.image()));
                }
                progress.accept(String.format(java.util.Locale.ROOT, "image %d/%d (site %s, row %d) reconstructed in 3 settings in %.1f s",
                        n + 1, chosen.length, site.siteId(), row, (System.nanoTime() - t) / 1e9));
            }
        }
        return new InversionAuditResult(data.dataset(), site.siteId(), model.toString(), s, sigma, clip,
                plan.epsilonAfterAllRounds(), dp.delta(), lr, out, (System.nanoTime() - start) / 1e9);
    }

    /** The clipped, noised gradient DP-SGD releases for a batch of one: g·min(1, C/‖g‖) + N(0, σ²C²). */
    static ModelWeights dpSgd(ModelWeights gradient, double clip, double sigma, Random rng) {
        double norm = gradient.l2Norm();
        double factor = norm > clip ? clip / norm : 1;
        float[] v = gradient.values();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * factor + rng.nextGaussian() * sigma * clip);
        }
        return gradient.withValues(out);
    }

    /** {@code count} random rows of {@code pool}, never {@code exclude}, repeating rows only when the pool is too small. */
    private static int[] partners(LabeledSamples pool, int exclude, int count, Random rng) {
        int[] order = Arrays.stream(Shuffle.permutation(pool.size(), rng)).filter(i -> i != exclude).toArray();
        if (order.length == 0) {
            throw new IllegalArgumentException("no other image to sum with: the dataset has a single training image");
        }
        int[] out = new int[count];
        for (int j = 0; j < count; j++) {
            out[j] = order[j % order.length];
        }
        return out;
    }

    /** The other sites' training images (the audited site's own, the audited image left out, when it is the only site). */
    private static LabeledSamples othersPool(FederatedData data, SiteData audited) {
        List<LabeledSamples> parts = new ArrayList<>();
        for (SiteData x : data.sites()) {
            if (x != audited) {
                parts.add(x.train());
            }
        }
        return parts.isEmpty() ? audited.train() : LabeledSamples.concat(parts);
    }
}

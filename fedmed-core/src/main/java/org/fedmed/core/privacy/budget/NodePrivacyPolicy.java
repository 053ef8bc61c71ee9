package org.fedmed.core.privacy.budget;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.training.DpSgd;

/**
 * What a hospital node started with a privacy budget accepts, whatever the coordinator asks: the
 * node's own δ, a ceiling on the per-example clip norm C, a floor on the noise multiplier σ, never
 * reproducible (seeded) noise or sampling, and how it answers an evaluation and the statistics
 * step. Each check returns the refusal as one line (site, round, setting, the task's value and the
 * node's limit), or empty when the task may run; the caller refuses on its console and to the
 * coordinator alike. No network code: the same checks serve a simulated site.
 *
 * @param delta              the node's δ; a task that states another one is refused
 * @param maxClipNorm        largest C accepted ({@code +∞}: no ceiling). A larger C with the same σ adds
 *                           the same relative noise but lets one record move the model further
 * @param minNoiseMultiplier smallest σ accepted (0: no floor beyond the budget)
 * @param evaluation         whether evaluations leave the node, and how
 * @param evaluationNoise    σ of the Gaussian mechanism on the confusion matrix (in units of its sensitivity)
 * @param statisticsNoise    σ of the Gaussian mechanism on the statistics step's counts and sums
 */
public record NodePrivacyPolicy(double delta, double maxClipNorm, double minNoiseMultiplier, Evaluation evaluation,
                                double evaluationNoise, double statisticsNoise) {

    /** How a node under a budget answers an evaluation task. */
    public enum Evaluation {
        /** Refused: nothing about the test rows leaves the node. */
        OFF,
        /** A confusion matrix with Gaussian noise on every count (booked), no loss and no ROC AUC. */
        NOISY;

        /** {@code off} or {@code noisy}. */
        public static Evaluation parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "off" -> OFF;
                case "noisy" -> NOISY;
                default -> throw new IllegalArgumentException("--dp-evaluation must be noisy or off, got '" + s + "'");
            };
        }
    }

    /** σ of the noisy confusion matrix unless the node says otherwise: see docs/DEPLOYMENT.md for its cost. */
    public static final double DEFAULT_EVALUATION_NOISE = 10.0;
    /** σ of the statistics step unless the node says otherwise. */
    public static final double DEFAULT_STATISTICS_NOISE = 4.0;

    public NodePrivacyPolicy {
        Checks.delta(delta);
        if (!(maxClipNorm > 0)) {
            throw new IllegalArgumentException("--dp-max-clip must be a positive number, got " + maxClipNorm);
        }
        if (!(minNoiseMultiplier >= 0) || Double.isInfinite(minNoiseMultiplier)) {
            throw new IllegalArgumentException("--dp-min-noise must be a finite number >= 0, got " + minNoiseMultiplier);
        }
        if (evaluation == null) {
            throw new IllegalArgumentException("the evaluation policy must be given");
        }
        Checks.noiseMultiplier(evaluationNoise);
        Checks.noiseMultiplier(statisticsNoise);
    }

    /** The policy of a node that sets only its δ: no clip ceiling, no σ floor, evaluation off, default noise levels. */
    public static NodePrivacyPolicy of(double delta) {
        return new NodePrivacyPolicy(delta, Double.POSITIVE_INFINITY, 0.0, Evaluation.OFF, DEFAULT_EVALUATION_NOISE,
                DEFAULT_STATISTICS_NOISE);
    }

    /**
     * Why {@code site} refuses to train round {@code round} with {@code dp} (null: non-private
     * training), or empty when the settings are at least as strong as this policy.
     */
    public Optional<String> refusal(String site, int round, DpSgd dp) {
        if (dp == null) {
            return refuse(site, round, "non-private training (no DP-SGD settings) under the node's privacy budget");
        }
        if (dp.seededNoise()) {
            return refuse(site, round, "seeded_noise=true (whoever knows the seed can regenerate the noise and subtract it);"
                    + " this node trains only with unpredictable noise and sampling");
        }
        if (dp.clipNorm() > maxClipNorm) {
            return refuse(site, round, String.format(Locale.ROOT, "clip_norm %s is above the node's maximum %s", num(dp.clipNorm()),
                    num(maxClipNorm)));
        }
        if (dp.noiseMultiplier() < minNoiseMultiplier) {
            return refuse(site, round, String.format(Locale.ROOT, "noise_multiplier %s is below the node's floor %s",
                    num(dp.noiseMultiplier()), num(minNoiseMultiplier)));
        }
        if (!Double.isNaN(dp.delta()) && dp.delta() != delta) {
            return refuse(site, round, String.format(Locale.ROOT, "delta %s differs from the node's delta %s", num(dp.delta()),
                    num(delta)));
        }
        return Optional.empty();
    }

    /**
     * Why {@code site} refuses the site stages of round {@code round} (see {@link SitePlan}), or
     * empty when they may run: a seeded noise share is refused like seeded DP-SGD noise. The other
     * stages (clipping, an unseeded share) only bound or protect the update further, so they run
     * on top of the node's own DP-SGD whatever their parameters.
     */
    public Optional<String> stagesRefusal(String site, int round, SitePlan plan) {
        if (plan.seededNoise()) {
            return refuse(site, round, "a seeded noise_share site stage (whoever knows the seed can regenerate the noise"
                    + " and subtract it)");
        }
        return Optional.empty();
    }

    /** The round number of {@link #refusal} for a check of the study's settings before its first round. */
    public static final int STUDY = -1;

    /** Why {@code site} does not answer the evaluation of round {@code round}, or empty when it answers with noise. */
    public Optional<String> evaluationRefusal(String site, int round) {
        if (evaluation == Evaluation.OFF) {
            return refuse(site, round, "evaluation is off under the node's privacy budget (--dp-evaluation noisy would release a"
                    + " noisy confusion matrix)");
        }
        return Optional.empty();
    }

    /**
     * Why {@code site} refuses to release an explanation of the model of round {@code round}, or empty:
     * under a budget only at sample level (booked in its own ledger), with unpredictable noise, σ at
     * least the node's floor, and the node's δ.
     *
     * @param release {@code clear}, {@code sample} or {@code client}
     */
    public Optional<String> explanationRefusal(String site, int round, String release, boolean seededNoise, double noiseMultiplier,
                                               double requestDelta) {
        if (!release.equals("sample")) {
            return refuse(site, round, "an explanation " + (release.equals("client") ? "under client-level DP (not booked in the node's"
                    + " ledger)" : "without noise") + "; under its privacy budget this node explains only at sample level");
        }
        if (seededNoise) {
            return refuse(site, round, "an explanation with seeded noise (whoever knows the seed can subtract it)");
        }
        if (noiseMultiplier < minNoiseMultiplier) {
            return refuse(site, round, String.format(Locale.ROOT, "explanation noise multiplier %s is below the node's floor %s",
                    num(noiseMultiplier), num(minNoiseMultiplier)));
        }
        if (requestDelta != delta) {
            return refuse(site, round, String.format(Locale.ROOT, "explanation delta %s differs from the node's delta %s",
                    num(requestDelta), num(delta)));
        }
        return Optional.empty();
    }

    /**
     * Why {@code site} refuses the statistics step: every feature column it would describe needs a
     * declared range (values are clipped to it, and the noise is scaled to it).
     *
     * @param features the study's declared feature columns (empty: undeclared, every column of the file)
     * @param ranged   the columns with a declared range
     */
    public Optional<String> statisticsRefusal(String site, List<String> features, Collection<String> ranged) {
        if (features.isEmpty()) {
            return refuse(site, 0, "the study declares no features; under a privacy budget each needs a range"
                    + " (study.data.features: [{name, min, max}])");
        }
        List<String> missing = new ArrayList<>(features);
        missing.removeAll(ranged);
        if (!missing.isEmpty()) {
            return refuse(site, 0, "no declared range for " + String.join(", ", missing) + "; under a privacy budget each"
                    + " feature needs one (study.data.features: [{name, min, max}])");
        }
        return Optional.empty();
    }

    private static Optional<String> refuse(String site, int round, String why) {
        String what = round == STUDY ? "the study" : round == 0 ? "the statistics step" : "round " + round;
        return Optional.of("privacy policy: site " + site + " refuses " + what + ": " + why);
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}

package org.fedmed.core.strategy;

import java.util.List;
import java.util.Locale;
import org.fedmed.core.aggregate.robust.Aggregators;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.optimizer.ServerSgd;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;

/**
 * FedNova (Wang et al., NeurIPS 2020): normalized averaging. A site with more data takes more local
 * steps in an epoch, and FedAvg's mean then leans towards the objectives of the sites that stepped
 * most. FedNova divides each site's change by its number of steps (for SGD with momentum ρ, by
 * a = (τ − ρ(1 − ρ^τ)/(1 − ρ))/(1 − ρ), the sum of the momentum's weights) and rescales the weighted
 * mean of these normalized changes by the effective step count τ_eff = Σ p_i a_i:
 * <pre>  x ← x − η_g · τ_eff · Σ_i p_i (x − y_i)/a_i,   p_i = n_i / Σ n</pre>
 * With equal step counts it is FedAvg. The coordinator counts each site's steps from its sample count
 * and the training settings ({@link TrainingConfig#stepsFor}); BatchNorm running statistics, which no
 * step trains, are averaged as FedAvg averages them.
 *
 * <p>Needs each site's model and count in the clear and local SGD: refused with secure aggregation,
 * client-level DP, robust aggregators, Adam and DP-SGD.
 */
public final class FedNova extends SamplingStrategy {

    private final double serverLearningRate;

    public FedNova(StrategyOptions options, double serverLearningRate) {
        super(checked(options), new ServerSgd(serverLearningRate));
        this.serverLearningRate = serverLearningRate;
    }

    private static StrategyOptions checked(StrategyOptions options) {
        TrainingConfig t = options.training();
        if (t.optimizer() != OptimizerKind.SGD) {
            throw new IllegalArgumentException("strategy fednova normalizes by the steps of local SGD; optimizer "
                    + t.optimizer().name().toLowerCase(Locale.ROOT) + " has no such step count: use --optimizer sgd");
        }
        if (t.dpSgd() != null) {
            throw new IllegalArgumentException("strategy fednova cannot be combined with sample-level DP (DP-SGD): Poisson sampling"
                    + " hides the sites' step counts from the coordinator");
        }
        if (!Aggregators.isMean(options.aggregator())) {
            throw new IllegalArgumentException("strategy fednova is its own weighted mean; aggregator " + options.aggregator()
                    + " cannot replace it: use aggregator mean");
        }
        return options;
    }

    @Override
    public String name() {
        return "fednova";
    }

    @Override
    public String aggregation() {
        return "nova(samples, steps) → sgd(η=" + serverLearningRate + ")";
    }

    /** Σ of the momentum weights over τ steps: τ for plain SGD. */
    static double normalizer(long steps, double momentum) {
        if (momentum == 0) {
            return steps;
        }
        return (steps - momentum * (1 - Math.pow(momentum, steps)) / (1 - momentum)) / (1 - momentum);
    }

    @Override
    public ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates) {
        TrainingConfig t = options.training();
        double total = updates.stream().mapToDouble(SiteUpdate::numSamples).sum();
        float[] x = global.values();
        double[] direction = new double[x.length];
        double[] mean = new double[x.length];
        double tauEff = 0;
        for (SiteUpdate u : updates) {
            if (u.isDelta()) {
                throw new IllegalStateException("fednova needs each site's model, but site " + u.siteId() + " sent a delta");
            }
            double p = u.numSamples() / total;
            double a = normalizer(t.stepsFor(u.numSamples()), t.momentum());
            tauEff += p * a;
            float[] y = u.weights().values();
            for (int i = 0; i < x.length; i++) {
                direction[i] += p * (x[i] - (double) y[i]) / a;
                mean[i] += p * y[i];
            }
        }
        float[] out = new float[x.length];
        int at = 0;
        for (TensorSpec s : global.specs()) {
            for (int i = at; i < at + s.numel(); i++) {
                out[i] = s.isRunningStatistic() ? (float) mean[i] : (float) (x[i] - serverLearningRate * tauEff * direction[i]);
            }
            at += s.numel();
        }
        return global.withValues(out);
    }

    @Override
    public SecureInputSpec secureInput(int round, int participants, int threshold) {
        throw new IllegalArgumentException("strategy fednova weighs each site's change by its own step count, which a secure sum"
                + " hides; use fedavg or fedprox with secure aggregation");
    }

    @Override
    public String clientDpConflict() {
        return clientDpRefusal();
    }

    /** Why client-level DP and FedNova do not go together. */
    public static String clientDpRefusal() {
        return "strategy fednova cannot be combined with client-level DP: DP-FedAvg's noise is calibrated to a uniform mean of"
                + " clipped deltas, which FedNova's step-normalized mean would replace; use fedavg or fedprox with client-level DP";
    }
}

package org.fedmed.study;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.fedmed.core.aggregate.robust.Aggregators;
import org.fedmed.core.aggregate.robust.RobustRule;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.privacy.mechanism.SkellamNoise;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.secure.SecureAggregation;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.paillier.PaillierAggregation;
import org.fedmed.core.secure.paillier.PaillierPublicKey;
import org.fedmed.core.secure.secagg.SecAggPlus;
import org.fedmed.core.secure.site.SecureSite;
import org.fedmed.core.strategy.LearningRateSchedule;
import org.fedmed.core.strategy.SamplingStrategy;
import org.fedmed.core.strategy.Strategies;
import org.fedmed.core.strategy.Strategy;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.DataRequest;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.FederatedData;
import org.fedmed.data.rocket.RocketFeatures;
import org.fedmed.study.model.SavedModel;

/**
 * One study assembled the same way for a simulation and a deployment: the strategy (wrapped in
 * DP-FedAvg for client-level DP, its noise checked or calibrated before anything trains), the
 * model, and the checks that tie them together. {@code Simulation} and the coordinator both start
 * here, so a feature or a check cannot exist in one runtime only.
 *
 * @param training the training the sites are asked for (with DP-SGD settings under sample-level DP)
 * @param base     the study's strategy before any DP wrapper
 * @param clientDp the DP-FedAvg wrapper, or null without client-level DP
 */
public record StudyAssembly(StudySpec spec, TrainingConfig training, StrategyOptions options, Strategy base,
                            ClientDpStrategy clientDp) {

    /** The strategy the round loop runs. */
    public Strategy strategy() {
        return clientDp != null ? clientDp : base;
    }

    /**
     * Assembles {@code spec} for {@code runtime} over the sites {@code siteIds}.
     *
     * @param training the sites' training (the spec's, or with DP-SGD settings resolved by the runtime)
     * @param phase    receives one line describing the DP settings, when there are any
     */
    public static StudyAssembly assemble(StudySpec spec, StudyRuntime runtime, TrainingConfig training, List<String> siteIds,
                                         Consumer<String> phase) {
        runtime.checkSupported(spec);
        SurvivalStudy.check(spec);
        StrategyOptions options = new StrategyOptions(spec.sampler(), training,
                LearningRateSchedule.parse(spec.schedule(), spec.rounds()), spec.weighting(), spec.seed(), spec.aggregator());
        // a robust rule tolerating f poisoned updates needs enough updates per round: refuse before round 1, not in it
        // under grouped secure aggregation the rule sees one mean per group, not one update per site
        Aggregators.checkSites(spec.aggregator(), spec.secure() != null && spec.secure().groups() > 1 ? spec.secure().groups()
                : spec.sampler().select(1, siteIds, spec.seed()).size());
        if (spec.secure() != null && Aggregators.rule(spec.aggregator(), spec.seed()).map(RobustRule::followsSites).orElse(false)) {
            throw new IllegalArgumentException("aggregator " + spec.aggregator() + " keeps a reputation per site, but secure aggregation"
                    + " hides each site's update (group members change every round); use fltrust, median or geomed across"
                    + " secure_groups instead");
        }
        Strategy base = Strategies.create(spec.strategy(), options, spec.strategyParams());
        ClientDpStrategy dp = null;
        if (spec.clientDp() != null) {
            int sampled = spec.sampler().select(1, siteIds, spec.seed()).size();
            boolean ringNoise = spec.secure() != null && spec.clientDp().parsedMode() == ClientDpStrategy.Mode.DISTRIBUTED;
            ClientDpSpec resolved = spec.clientDp().resolve(sampled / (double) siteIds.size(), spec.rounds(), ringNoise);
            phase.accept(String.format(Locale.ROOT, "client-level DP: clip norm %.4g, noise multiplier %.4g, delta %.1e, %s noise",
                    resolved.clipNorm(), resolved.noiseMultiplier(), resolved.delta(), resolved.mode().toLowerCase(Locale.ROOT)));
            dp = resolved.wrap(base, sampled, spec.rounds(), spec.seed(), spec.secure() != null);
        }
        if (spec.secure() != null) {
            // a strategy that cannot work from a secure sum says so here, before round 1, rather than in it
            (dp != null ? dp : base).secureInput(1, siteIds.size(), siteIds.size());
        }
        return new StudyAssembly(spec, training, options, base, dp);
    }

    /** The robust rule that replaces the mean, if the study has one. */
    public Optional<RobustRule> robustRule() {
        return base instanceof SamplingStrategy s ? Optional.ofNullable(s.robustRule()) : Optional.empty();
    }

    /**
     * The study's secure aggregation at the coordinator, or null when updates arrive in the clear.
     * {@code verifier} checks the sites' signing credentials (known keys in a simulation, the
     * federation's CA in a deployment).
     */
    public SecureAggregation secureAggregation(IdentityVerifier verifier) {
        SecureSpec s = spec.secure();
        if (s == null) {
            return null;
        }
        if (s.protection().equals("secagg+")) {
            return new SecAggPlus(s.secAgg(), verifier, new SecureRandom());
        }
        throw new IllegalArgumentException("secure_aggregation paillier needs the federation's Paillier public key"
                + " (see paillierAggregation)");
    }

    /**
     * Threshold Paillier at the coordinator, from the public key the provisioning dealer made for
     * {@code keyHolders} sites with threshold {@code threshold}.
     */
    public SecureAggregation paillierAggregation(IdentityVerifier verifier, PaillierPublicKey key, int threshold, int keyHolders) {
        return new PaillierAggregation(key, threshold, keyHolders, verifier, spec.secure().secAgg(), new SecureRandom());
    }

    /**
     * The Paillier decryption threshold for {@code sites} key holders: secure_threshold if set, else as
     * many as the tolerated dropout allows, n − ⌈δ·n⌉, and always a majority (t &gt; n/2), so the
     * coordinator with a minority of colluding sites cannot decrypt one site's update.
     */
    public int paillierThreshold(int sites) {
        SecureSpec s = spec.secure();
        int t = s.threshold() > 0 ? s.threshold() : Math.max(sites / 2 + 1, sites - (int) Math.ceil(s.dropout() * sites - 1e-9));
        if (t > sites) {
            throw new IllegalArgumentException("secure_threshold t=" + t + " is above the " + sites + " sites of the federation");
        }
        if (t <= sites / 2) {
            throw new IllegalArgumentException("secure_threshold t=" + t + " must be a majority of the " + sites + " sites (t > "
                    + sites / 2 + ")");
        }
        return t;
    }

    /**
     * The integer noise a site adds inside a secure sum (distributed client-level DP): from the JDK's
     * DRBG, or reproducible from the seed in a research run with dp_seeded_noise (not private).
     */
    public SecureSite.RingNoise ringNoise(String siteId) {
        boolean seeded = spec.clientDp() != null && spec.clientDp().seededNoise();
        SkellamNoise noise = seeded ? SkellamNoise.seeded(Seeds.mix(spec.seed(), siteId.hashCode(), 0x736b656cL)) : SkellamNoise.secure();
        return noise::addTo;
    }

    /** The bundled dataset split as the spec says (the same split in every runtime: dataset, partition and seed decide it). */
    public static FederatedData bundledData(StudySpec spec) {
        if (spec.ownData() != null) {
            throw new IllegalArgumentException("this study trains on the hospitals' own files (its data section), so there is no"
                    + " bundled dataset to split: deploy it (fedmed coordinator, one fedmed node --data FILE per hospital) or"
                    + " simulate it from the files (OwnDataSimulation)");
        }
        FederatedData data = DatasetCatalog.prepare(new DataRequest(spec.dataset(), spec.dataRoot(), spec.sites(), spec.partition(),
                spec.testFraction(), spec.siteTestFraction(), spec.seed()));
        if (spec.architecture() != ModelArchitecture.ROCKET) {
            return data;
        }
        int[] shape = data.featureShape();
        if (shape.length != 2 || shape[0] != 1) {
            throw new IllegalArgumentException("the rocket model transforms one-channel series (--dataset ecg200 or ecg5000), but "
                    + spec.dataset() + " has examples of shape " + Arrays.toString(shape));
        }
        // every party draws the same kernels from the study's seed and computes the features of its own series
        return RocketFeatures.apply(data, spec.rocketKernels(), spec.seed());
    }

    /** The study's model for inputs of {@code inputShape} and {@code classes} classes. */
    public ModelSpec model(int[] inputShape, int classes) {
        return new ModelSpec(spec.architecture(), inputShape, classes, spec.hiddenUnits(), spec.dropout(), spec.freeze(),
                spec.localLayers());
    }

    /**
     * The model the federation starts from: the saved model of {@code init_from} (its tensors must match
     * the study's model, else the first that does not is named), else the trainer's fresh one for the seed;
     * a Cox or rocket model starts from 0 instead.
     */
    public ModelWeights initialWeights(LocalTrainer trainer) {
        ModelWeights fresh = trainer.initialWeights(spec.seed());
        if (spec.initFrom() != null) {
            return SavedModel.read(spec.initFrom()).startFor(fresh, spec.initFrom());
        }
        // β = 0 is the null model (every patient at the same risk), where Cox regression is usually fitted from;
        // a random start gives risk scores of tens on unscaled covariates (age in years), from which SGD can
        // overshoot and not recover in 5 rounds (seeds 6-10 in docs/BENCHMARKS.md, "FLamby Fed-TCGA-BRCA")
        // ROCKET's linear model starts from 0 too: a random start over its 20,000 standardized features gives logits of
        // tens, which the first rounds spend undoing (docs/BENCHMARKS.md, "ECG heartbeats")
        boolean zero = spec.architecture() == ModelArchitecture.COX || spec.architecture() == ModelArchitecture.ROCKET;
        return zero ? fresh.withValues(new float[fresh.size()]) : fresh;
    }

    /** Checks the initial model against the study before round 1: per-layer DP needs one noise multiplier per tensor. */
    public void checkModel(ModelSpec model, ModelWeights initial) {
        ClientDpSpec dp = spec.clientDp();
        if (dp != null && !dp.layerNoise().isEmpty() && dp.layerNoise().size() != initial.tensorCount()) {
            throw new IllegalArgumentException("dp_layer_noise (--dp-layer-noise) gives " + dp.layerNoise().size()
                    + " noise multipliers but model " + model + " has " + initial.tensorCount() + " tensors: "
                    + initial.specs().stream().map(t -> t.name()).toList());
        }
    }
}

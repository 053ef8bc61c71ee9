package org.fedmed.study;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.aggregate.robust.Aggregators;
import org.fedmed.core.contribution.ContributionMethod;
import org.fedmed.core.secure.secagg.SecAggSettings;
import org.fedmed.core.strategy.SiteSampler;
import org.fedmed.core.strategy.Strategies;
import org.fedmed.core.training.Augmentation;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.study.keys.StudyKeys;
import org.fedmed.study.prep.OwnDataStudy;

/**
 * Collects a study's settings from wherever they come (a run-spec file then command-line options, or
 * federation.yaml), always through {@link StudyKeys}; whatever stays unset takes the dataset's
 * {@link DatasetDefaults}.
 */
public final class StudySpecBuilder {

    public String dataset = "wdbc";
    public Path dataRoot;
    public Integer sites;
    public String partition;
    public String strategy = "fedavg";
    public final Map<String, Double> strategyParams = new LinkedHashMap<>();
    public Integer rounds;
    public Integer localEpochs;
    public Integer batchSize;
    public Double learningRate;
    public String optimizer;
    public Double momentum;
    public Double weightDecay;
    public Boolean balanceClasses;
    public String schedule;
    public String augment;
    public String model;
    public List<Integer> hiddenUnits;
    /** The rocket model's number of random kernels (ROCKET's own default, 10,000, when unset). */
    public Integer rocketKernels;
    /** ROCKET's default number of kernels (Dempster et al. 2020). */
    public static final int DEFAULT_ROCKET_KERNELS = 10_000;
    public Double dropout;
    public String weighting = "samples";
    /** {@code mean} or a robust rule, e.g. {@code krum:f=2}. */
    public String aggregator = Aggregators.MEAN;
    public Double fraction = 1.0;
    public Integer minSites = 1;
    public Double testFraction = 0.2;
    public Double siteTestFraction = 0.2;
    public Long seed = 42L;
    /** Unset: yes for a bundled dataset, no for the hospitals' own files (not trained there yet). */
    public Boolean baselines;
    /** Client-level DP: set {@code dpNoise} (σ) and {@code dpClip} (C) to turn it on. */
    public Double dpNoise;
    public Double dpClip;
    /** {@code client} (DP-FedAvg, the default) or {@code sample} (DP-SGD at every site). */
    public String dpLevel;
    /** Client level only: {@code central} (default) or {@code distributed}. */
    public String dpMode;
    public Double dpQuantile;
    /** Client level: σ over rounds from {@code dpNoise}: constant, linear:<last>, step:<factor>:<every>. */
    public String dpNoiseSchedule;
    /** Client level: one noise multiplier per model tensor (per-layer clipping with C split evenly). */
    public List<Double> dpLayerNoise;
    public Double dpDelta = 1e-5;
    public Boolean dpSeededNoise = true;
    /**
     * Client level: the budget of the whole study; sample level: each site's budget. Calibrates σ when
     * {@code dpNoise} is unset; else client level refuses a σ that would overspend it and sample level
     * stops each site when its next round would exceed it.
     */
    public Double dpEpsilon;
    /** none, secagg+ or paillier. */
    public String secureAggregation;
    public Double secureDropout;
    public Double secureCorruption;
    public Integer secureThreshold;
    public Double secureRange;
    public Double secureMaxWeight;
    /** Simulation: share of each round's sites that vanish after their masked upload. */
    public Double siteDropout;
    /** Random groups a round's sites are summed in (1: one sum). */
    public Integer secureGroups;
    /** Simulation: an attack, {@code NAME[:PARAMETER]} (see {@link AttackSpec#KNOWN}), or null for none. */
    public String attack;
    /** Simulation: share of the sites that run the attack (default {@link AttackSpec#DEFAULT_MALICIOUS}). */
    public Double malicious;
    /** Simulation, two classes: the sensitivity an operating threshold chosen on validation data must reach, or null for none. */
    public Double targetSensitivity;
    public Double validationShare;
    public Integer finetuneEpochs;
    public Path initFrom;
    public List<String> freeze;
    public List<String> localLayers;
    /** Simulation: Ditto's λ, or null for no Ditto personal models. */
    public Double dittoLambda;
    /** Simulation: contribution method (none, loo, shapley, both, exact), or null for none. */
    public String contribution;
    /** The reward pool split by the contribution values, or null for {@link ContributionSpec#DEFAULT_POOL}. */
    public Double rewardPool;
    /** Explain the final model; the other explain_ settings need it. */
    public Boolean explain;
    public Integer explainRows;
    public Integer explainMinRows;
    public Double explainClip;
    public Double explainNoise;
    /** The hospitals' own files ({@code data} section: label, classes, features, ...), or null for a bundled dataset. */
    public Map<String, Object> data;
    /** Simulation of an own-data study: site id → that hospital's CSV file. */
    public final Map<String, Path> siteFiles = new LinkedHashMap<>();
    /** Key → where it was set ("option --lr", "run spec FILE: 'lr'"), so errors found at build time name it. */
    public final Map<String, String> origins = new LinkedHashMap<>();

    /** Keys about the bundled datasets' split, which a study on the hospitals' own files cannot have. */
    private static final List<String> BUNDLED_ONLY = List.of("dataset", "data_dir", "sites", "partition", "test_fraction");

    public StudySpec build() {
        if (data != null) {
            for (String k : BUNDLED_ONLY) {
                if (origins.containsKey(k)) {
                    throw new IllegalArgumentException(origins.get(k) + " is about the bundled demo datasets; a study with a data"
                            + " section trains on each hospital's own file and cannot have it");
                }
            }
            dataset = StudySpec.OWN_DATA;
            partition = StudySpec.OWN_DATA;
            // the bundled datasets folder is not needed, and a hospital's coordinator need not have it
            dataRoot = dataRoot == null ? Path.of(".") : dataRoot;
        }
        try {
            Strategies.checkParameters(strategy, strategyParams);
        } catch (IllegalArgumentException e) {
            String where = origins.getOrDefault("params", origins.get("strategy"));
            throw new IllegalArgumentException(where == null ? e.getMessage() : where + ": " + e.getMessage(), e);
        }
        SampleDpSpec sampleDp = sampleDp();
        DatasetDefaults d = sampleDp == null ? DatasetDefaults.of(dataset) : DatasetDefaults.of(dataset).forDpSgd(dataset);
        ModelArchitecture arch = model == null ? d.architecture() : ModelArchitecture.parse(model);
        if (arch == ModelArchitecture.ROCKET && d.architecture() != arch) {
            d = d.forRocket(rocketKernels(arch));
        }
        TrainingConfig t = d.training();
        TrainingConfig training = new TrainingConfig(
                or(localEpochs, t.localEpochs()), or(batchSize, t.batchSize()), or(learningRate, t.learningRate()),
                optimizer == null ? t.optimizer() : OptimizerKind.parse(optimizer), or(momentum, t.momentum()),
                or(weightDecay, t.weightDecay()), 0.0, or(balanceClasses, t.balanceClasses()), seed)
                // a dataset whose protocol counts local steps (FLamby's) keeps them unless local epochs are asked for
                .withLocalSteps(localEpochs == null ? t.localSteps() : 0)
                .withAugment(augment == null ? Augmentation.NONE : Augmentation.parse(augment));
        List<Integer> hidden = hiddenUnits != null ? hiddenUnits
                : arch == d.architecture() ? d.hiddenUnits() : arch == ModelArchitecture.MLP ? List.of(64, 32) : List.of();
        String part = partition == null ? d.partition() : partition;
        int siteCount = sites != null ? sites : "natural".equals(part) ? 0 : d.sites();
        StudySpec spec = new StudySpec(dataset, dataRoot == null ? DatasetCatalog.defaultDataRoot() : dataRoot, siteCount, part,
                strategy, strategyParams, or(rounds, d.rounds()), training, or(schedule, d.schedule()), arch, hidden, or(dropout, d.dropout()),
                AggregationWeighting.parse(weighting), new SiteSampler(fraction, minSites), testFraction, siteTestFraction,
                seed, baselines != null ? baselines : data == null, sampleDp == null ? clientDp() : null, sampleDp,
                data == null ? null : OwnDataStudy.fromSection(data, siteTestFraction, seed), siteFiles, secure(), aggregator,
                attack(), targetSensitivity, finetuneEpochs == null ? 0 : finetuneEpochs, initFrom,
                freeze == null ? List.of() : freeze, localLayers == null ? List.of() : localLayers, dittoLambda,
                contribution(), explain(), validationShare, rocketKernels(arch));
        // a survival study refuses classifier settings here, before data are read or anything trains
        SurvivalStudy.check(spec);
        return spec;
    }

    private int rocketKernels(ModelArchitecture arch) {
        if (rocketKernels != null && arch != ModelArchitecture.ROCKET) {
            throw new IllegalArgumentException(origins.getOrDefault("rocket_kernels", "rocket_kernels")
                    + " sets the rocket model's kernels, but the model is " + arch.id() + "; add --model rocket or remove it");
        }
        return rocketKernels != null ? rocketKernels : DEFAULT_ROCKET_KERNELS;
    }

    private ExplainSpec explain() {
        if (!Boolean.TRUE.equals(explain)) {
            for (String k : List.of("explain_rows", "explain_min_rows", "explain_clip", "explain_noise")) {
                if (origins.containsKey(k)) {
                    throw new IllegalArgumentException(origins.get(k) + " sets how the final model is explained; add explain: true"
                            + " (--explain) or remove it");
                }
            }
            return null;
        }
        return new ExplainSpec(or(explainRows, ExplainSpec.DEFAULT_ROWS), or(explainMinRows, ExplainSpec.DEFAULT_MIN_ROWS),
                or(explainClip, ExplainSpec.DEFAULT_CLIP), or(explainNoise, ExplainSpec.DEFAULT_NOISE));
    }

    private boolean sampleLevel() {
        String level = dpLevel == null ? "client" : dpLevel.toLowerCase(Locale.ROOT);
        return switch (level) {
            case "client" -> false;
            case "sample" -> true;
            default -> throw new IllegalArgumentException("DP level must be client or sample, got '" + dpLevel + "'");
        };
    }

    private SampleDpSpec sampleDp() {
        if (!sampleLevel()) {
            return null;
        }
        if (dpClip == null) {
            throw new IllegalArgumentException("sample-level DP needs a per-example clip norm (--dp-clip) and a noise "
                    + "multiplier (--dp-noise) or a target epsilon (--dp-epsilon)");
        }
        if (dpMode != null || dpQuantile != null || dpNoiseSchedule != null || dpLayerNoise != null) {
            throw new IllegalArgumentException("--dp-mode, --dp-quantile, --dp-noise-schedule and --dp-layer-noise apply to "
                    + "client-level DP only, not to --dp-level sample");
        }
        return new SampleDpSpec(dpClip, dpNoise == null ? Double.NaN : dpNoise, dpEpsilon == null ? Double.NaN : dpEpsilon,
                dpDelta, dpSeededNoise);
    }

    private ClientDpSpec clientDp() {
        if (dpNoise == null && dpClip == null && dpEpsilon == null && dpLayerNoise == null) {
            if (dpLevel != null || dpMode != null || dpQuantile != null || dpNoiseSchedule != null) {
                throw new IllegalArgumentException("DP options given without DP: set --dp-clip and --dp-noise or --dp-epsilon");
            }
            return null;
        }
        if ((dpNoise == null && dpEpsilon == null && dpLayerNoise == null) || dpClip == null) {
            throw new IllegalArgumentException("client-level DP needs a clip norm (--dp-clip) and a noise multiplier "
                    + "(--dp-noise) or a target epsilon (--dp-epsilon)");
        }
        return new ClientDpSpec(dpClip, dpNoise == null ? Double.NaN : dpNoise, dpMode == null ? "central" : dpMode,
                dpQuantile == null ? Double.NaN : dpQuantile, dpDelta, dpSeededNoise, dpEpsilon == null ? Double.NaN : dpEpsilon,
                dpNoiseSchedule, dpLayerNoise == null ? List.of() : dpLayerNoise);
    }

    private SecureSpec secure() {
        if (secureAggregation == null || secureAggregation.equalsIgnoreCase("none")) {
            if (secureDropout != null || secureThreshold != null || secureRange != null || secureMaxWeight != null
                    || siteDropout != null || secureGroups != null) {
                throw new IllegalArgumentException("secure-aggregation settings given without secure aggregation: set "
                        + "secure_aggregation (--secure-aggregation) to secagg+ or paillier");
            }
            return null;
        }
        SecAggSettings d = SecAggSettings.defaults();
        return new SecureSpec(secureAggregation, or(secureDropout, d.dropout()), or(secureCorruption, d.corruption()),
                or(secureThreshold, d.threshold()), or(secureRange, d.range()), or(secureMaxWeight, d.maxWeight()), or(siteDropout, 0.0),
                or(secureGroups, 1));
    }

    private AttackSpec attack() {
        if (attack == null || attack.equalsIgnoreCase("none")) {
            if (malicious != null) {
                throw new IllegalArgumentException("malicious (the share of attacking sites) given without an attack: set attack"
                        + " (--attack), one of " + String.join(", ", AttackSpec.KNOWN.keySet()));
            }
            return null;
        }
        return AttackSpec.parse(attack, or(malicious, AttackSpec.DEFAULT_MALICIOUS));
    }

    private ContributionSpec contribution() {
        ContributionMethod method = contribution == null ? null : ContributionMethod.parse(contribution);
        if (method == null) {
            if (rewardPool != null) {
                throw new IllegalArgumentException("reward_pool given without contribution: set contribution (--contribution)"
                        + " to loo, shapley, both or exact");
            }
            return null;
        }
        return new ContributionSpec(method, or(rewardPool, ContributionSpec.DEFAULT_POOL));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}

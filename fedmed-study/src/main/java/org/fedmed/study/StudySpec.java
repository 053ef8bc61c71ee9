package org.fedmed.study;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.aggregate.robust.Aggregators;
import org.fedmed.core.metrics.OperatingThreshold;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.strategy.SiteSampler;
import org.fedmed.core.strategy.Strategies;
import org.fedmed.core.training.Augmentation;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.rocket.RocketTransform;
import org.fedmed.study.prep.OwnDataStudy;

/**
 * A whole study, the same for a simulation and a deployment: data and how it is split across
 * hospitals, the model, the strategy and its settings, and (simulation) which baselines to run.
 * {@link StudySpecBuilder} fills unset fields with the dataset's defaults; each field is one or more
 * keys of {@link org.fedmed.study.keys.StudyKeys}.
 *
 * @param partition        {@code iid}, {@code dirichlet:<alpha>}, {@code quantity:<beta>} or {@code natural}
 * @param strategyParams   strategy parameters such as {@code mu}, {@code eta} (see {@code Strategies})
 * @param schedule         learning-rate schedule over rounds, e.g. {@code constant} or {@code cosine}
 * @param architecture     the model family; its input shape and classes come from the data
 * @param hiddenUnits      hidden layer widths for an MLP
 * @param baselines        also train centralized (pooled) and local-only models
 * @param clientDp         client-level differential privacy, or null for none
 * @param sampleDp         sample-level differential privacy (DP-SGD at every site), or null for none
 * @param ownData          the hospitals' own files (the {@code data} section), or null for a bundled dataset
 * @param siteFiles        simulation of an own-data study: each simulated hospital's CSV file, by site id
 * @param secure           secure aggregation of the updates, or null when they arrive in the clear
 * @param aggregator       {@code mean} (the weighted mean) or a robust rule such as {@code krum:f=2} (see {@code Aggregators})
 * @param attack           simulation only: an attack run by a share of the sites, or null for none
 * @param targetSensitivity simulation only, two classes: the disease-class sensitivity an operating threshold chosen on
 *                         the sites' validation data must reach, or null to choose none (see {@code OperatingThreshold})
 * @param finetuneEpochs   simulation only: after the federation each site fine-tunes the final model on its own
 *                         training data for this many epochs (its personal model, which stays with it); 0 for none
 * @param initFrom         a saved model (the {@code model/} folder of an earlier run) to start from, or null
 * @param freeze           tensors the sites do not train: {@code body} (all but the output layer) or tensor names or
 *                         name prefixes; empty to train everything
 * @param localLayers      tensors each site keeps to itself and never sends: {@code batchnorm} (FedBN), {@code head}
 *                         (FedPer) or tensor names or prefixes; empty to share everything
 * @param dittoLambda      simulation only: Ditto's λ (each site also trains a personal model, pulled towards each
 *                         round's global model by (λ/2)‖v − w‖², which stays with it), or null for no Ditto
 * @param contribution     per-site contribution values and rewards to compute, or null for none
 * @param explain          explain the final model (docs/EXPLANATIONS.md), or null not to
 * @param validationShare  simulation only: the share of each site's training data held out for validation (validation
 *                         weighting, operating threshold), or null for {@link #DEFAULT_VALIDATION_SHARE}
 * @param rocketKernels    the rocket model: how many random kernels its feature transform draws from the seed
 */
public record StudySpec(String dataset, Path dataRoot, int sites, String partition, String strategy,
                             Map<String, Double> strategyParams, int rounds, TrainingConfig training, String schedule,
                             ModelArchitecture architecture, List<Integer> hiddenUnits, double dropout, AggregationWeighting weighting, SiteSampler sampler, double testFraction,
                             double siteTestFraction, long seed, boolean baselines,
                             ClientDpSpec clientDp, SampleDpSpec sampleDp, OwnDataStudy ownData,
                        Map<String, Path> siteFiles, SecureSpec secure, String aggregator, AttackSpec attack,
                        Double targetSensitivity, int finetuneEpochs, Path initFrom, List<String> freeze,
                        List<String> localLayers, Double dittoLambda, ContributionSpec contribution, ExplainSpec explain,
                        Double validationShare, int rocketKernels) {

    /** The dataset (and partition) name of a study on the hospitals' own files. */
    public static final String OWN_DATA = "own-data";

    /** Share of each site's training data held out for validation unless {@code validation_share} says otherwise. */
    public static final double DEFAULT_VALIDATION_SHARE = 0.15;

    /** Why a study under DP chooses no operating threshold. */
    public static final String THRESHOLD_UNDER_DP = "target_sensitivity is refused under differential privacy: each site"
            + " would release, for every candidate threshold, exact counts of its validation cases by class, outside its"
            + " privacy budget; remove target_sensitivity or the DP settings";

    public StudySpec {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(architecture, "architecture");
        hiddenUnits = List.copyOf(hiddenUnits);
        strategyParams = Map.copyOf(strategyParams);
        siteFiles = Collections.unmodifiableMap(new TreeMap<>(siteFiles));
        if (!siteFiles.isEmpty() && ownData == null) {
            throw new IllegalArgumentException("site_files are the hospitals' own files of a study with a data section");
        }
        if (rounds <= 0) {
            throw new IllegalArgumentException("rounds must be positive, got " + rounds);
        }
        if (sites < 0) {
            throw new IllegalArgumentException("sites must be positive, got " + sites);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        if (!(siteTestFraction > 0 && siteTestFraction < 1)) {
            throw new IllegalArgumentException("site test fraction must be in (0, 1), got " + siteTestFraction);
        }
        Strategies.checkParameters(strategy, strategyParams);
        Objects.requireNonNull(aggregator, "aggregator");
        Aggregators.check(aggregator);
        if (!Aggregators.isMean(aggregator)) {
            String rule = Aggregators.rule(aggregator, seed).orElseThrow().describe();
            if (clientDp != null) {
                throw new IllegalArgumentException(ClientDpStrategy.robustRefusal(rule));
            }
            if (secure != null && secure.groups() < 2) {
                throw new IllegalArgumentException("aggregator " + rule + " cannot run on one secure sum (secure_aggregation "
                        + secure.protection() + "): a robust rule needs the individual updates or group sums; set secure_groups"
                        + " (the rule then runs across the group means) or use secure_aggregation none");
            }
        }
        RocketTransform.checkCount(rocketKernels);
        if (architecture == ModelArchitecture.ROCKET && ownData != null) {
            throw new IllegalArgumentException("the rocket model transforms the one-channel series of a bundled dataset (--dataset"
                    + " ecg200 or ecg5000); a study on the hospitals' own files has tables or images: choose another model");
        }
        freeze = List.copyOf(freeze);
        localLayers = List.copyOf(localLayers);
        if (finetuneEpochs < 0) {
            throw new IllegalArgumentException("finetune_epochs must be 0 (no personal models) or positive, got " + finetuneEpochs);
        }
        if (dittoLambda != null) {
            checkDitto(dittoLambda, finetuneEpochs, localLayers);
        }
        if (contribution != null && ContributionSpec.refusal(secure, clientDp) != null) {
            throw new IllegalArgumentException(ContributionSpec.refusal(secure, clientDp));
        }
        if (targetSensitivity != null) {
            OperatingThreshold.checkTarget(targetSensitivity);
            if (clientDp != null || sampleDp != null) {
                throw new IllegalArgumentException(THRESHOLD_UNDER_DP);
            }
        }
        if (validationShare != null) {
            checkValidationShare(validationShare, targetSensitivity != null || weighting == AggregationWeighting.VALIDATION_SCORE);
        }
        if (!training.augment().isNone()) {
            checkAugment(training.augment(), architecture, sampleDp);
        }
        if (sampleDp != null) {
            if (clientDp != null) {
                throw new IllegalArgumentException("choose client-level or sample-level DP for a study, not both");
            }
            if (weighting != AggregationWeighting.SAMPLE_COUNT) {
                throw new IllegalArgumentException("sample-level DP weights updates by sample count only: the '"
                        + weighting.id() + "' weighting uses scores computed on the sites' private data without noise");
            }
            if (architecture == ModelArchitecture.ROCKET) {
                throw new IllegalArgumentException("sample-level DP (DP-SGD) has per-example gradients of the cross-entropy only,"
                        + " but the rocket model trains with the ridge classifier's squared error; use client-level DP or another"
                        + " model");
            }
            if (architecture == ModelArchitecture.RESNET) {
                throw new IllegalArgumentException("sample-level DP (DP-SGD) needs per-example gradients, but the resnet model "
                        + "uses BatchNorm, which mixes the examples of a batch; use --model cnn, mlp or logreg");
            }
        }
    }

    /** The validation share sizes a held-out set, which only a threshold or validation weighting asks for. */
    private static void checkValidationShare(double share, boolean heldOut) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("validation_share must be in (0, 1), got " + share);
        }
        if (!heldOut) {
            throw new IllegalArgumentException("validation_share sizes the validation data held out for target_sensitivity or"
                    + " weighting: validation; this study holds out none: add one of them or remove validation_share");
        }
    }

    /** The share of each site's training data held out for validation when the study holds some out. */
    public double heldOutShare() {
        return validationShare == null ? DEFAULT_VALIDATION_SHARE : validationShare;
    }

    /** Augmentation transforms images, and DP-SGD's loop does not augment. */
    private static void checkAugment(Augmentation augment, ModelArchitecture architecture, SampleDpSpec sampleDp) {
        if (architecture != ModelArchitecture.CNN && architecture != ModelArchitecture.RESNET) {
            throw new IllegalArgumentException("augment " + augment + " transforms images: it needs an image model (cnn or resnet), not "
                    + architecture.id());
        }
        if (sampleDp != null) {
            throw new IllegalArgumentException("augment " + augment + " cannot be combined with sample-level DP (DP-SGD) yet;"
                    + " remove augment or the DP settings");
        }
    }

    /** Ditto is one personalization method of its own: it takes a finite λ ≥ 0 and no second method beside it. */
    private static void checkDitto(double lambda, int finetuneEpochs, List<String> localLayers) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("ditto_lambda must be a finite number, 0 or positive, got " + lambda);
        }
        if (finetuneEpochs > 0) {
            throw new IllegalArgumentException("ditto_lambda and finetune_epochs are two ways to make personal models; choose"
                    + " one personalization method (remove finetune_epochs or ditto_lambda)");
        }
        if (!localLayers.isEmpty()) {
            // with kept layers a site's start is not the global model, so Ditto's pull towards w would be ill defined
            throw new IllegalArgumentException("ditto_lambda cannot be combined with local_layers (" + String.join(",", localLayers)
                    + "): both personalize the model; choose one");
        }
    }
}

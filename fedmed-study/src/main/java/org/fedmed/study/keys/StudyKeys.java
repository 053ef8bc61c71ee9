package org.fedmed.study.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.aggregate.robust.Aggregators;
import org.fedmed.core.contribution.ContributionMethod;
import org.fedmed.core.metrics.OperatingThreshold;
import org.fedmed.core.strategy.LearningRateSchedule;
import org.fedmed.core.strategy.Strategies;
import org.fedmed.core.training.Augmentation;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.study.AttackSpec;
import org.fedmed.study.ClientDpSpec;
import org.fedmed.study.ExplainSpec;
import org.fedmed.study.SampleDpSpec;
import org.fedmed.study.SecureSpec;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;

/**
 * The one table of study keys. The command line's study options, run-spec files and
 * federation.yaml's study section are all read through it, the run store's fingerprint is derived
 * from it, and the docs' table is checked against it: a key added here exists everywhere at once.
 */
public final class StudyKeys {

    private StudyKeys() {
    }

    public static final List<StudyKey> ALL = List.of(
            key("dataset", KeyType.TEXT, "wdbc", "bundled dataset: " + String.join(", ", DatasetCatalog.names()),
                    "heart", true, none(), (b, v, s) -> b.dataset = (String) v, StudySpec::dataset),
            new StudyKey("data_dir", KeyType.PATH, "./datasets", "where the bundled datasets are", List.of("data_root"),
                    "elsewhere", false, none(), (b, v, s) -> b.dataRoot = s.resolve((String) v), StudySpec::dataRoot),
            key("sites", KeyType.WHOLE, "dataset's", "number of (simulated) hospitals the dataset is split into", 3L, true,
                    positive(), (b, v, s) -> b.sites = whole(v), StudySpec::sites),
            key("partition", KeyType.TEXT, "dataset's", "iid, dirichlet:<alpha>, quantity:<beta> or natural", "iid", true, none(),
                    (b, v, s) -> b.partition = (String) v, StudySpec::partition),
            key("strategy", KeyType.TEXT, "fedavg", String.join(", ", Strategies.NAMES), "fedprox", true,
                    v -> Strategies.checkName((String) v), (b, v, s) -> b.strategy = (String) v, StudySpec::strategy),
            key("params", KeyType.PARAMS, "none", "strategy parameters, e.g. mu (fedprox), server_momentum (fedavgm), eta (fedadam)",
                    Map.of("mu", 0.1), true, none(), StudyKeys::setParams, StudySpec::strategyParams),
            key("rounds", KeyType.WHOLE, "dataset's (coordinator: 10)", "federated rounds", 3L, true, positive(), (b, v, s) -> b.rounds = whole(v),
                    StudySpec::rounds),
            key("local_epochs", KeyType.WHOLE, "1", "local epochs per round", 2L, true, positive(),
                    (b, v, s) -> b.localEpochs = whole(v), sp -> sp.training().localEpochs()),
            key("batch_size", KeyType.WHOLE, "dataset's", "local mini-batch size", 8L, true, positive(),
                    (b, v, s) -> b.batchSize = whole(v), sp -> sp.training().batchSize()),
            key("lr", KeyType.NUMBER, "dataset's", "local learning rate", 0.05, true, positiveNumber(),
                    (b, v, s) -> b.learningRate = (Double) v, sp -> sp.training().learningRate()),
            key("optimizer", KeyType.TEXT, "adam", "local optimizer: sgd or adam", "sgd", true, v -> OptimizerKind.parse((String) v),
                    (b, v, s) -> b.optimizer = (String) v, sp -> sp.training().optimizer()),
            key("momentum", KeyType.NUMBER, "0", "SGD momentum", 0.9, true, nonNegative(), (b, v, s) -> b.momentum = (Double) v,
                    sp -> sp.training().momentum()),
            key("weight_decay", KeyType.NUMBER, "0", "L2 weight decay", 1e-4, true, nonNegative(),
                    (b, v, s) -> b.weightDecay = (Double) v, sp -> sp.training().weightDecay()),
            new StudyKey("lr_schedule", KeyType.TEXT, "dataset's", "constant, step:<factor>:<every> or cosine[:<rounds>[:<min>]]",
                    List.of("schedule"), "cosine", true, v -> LearningRateSchedule.parse((String) v, 10),
                    (b, v, s) -> b.schedule = (String) v, StudySpec::schedule),
            key("balance_classes", KeyType.BOOLEAN, "dataset's", "weight the loss by inverse class frequency", Boolean.FALSE, true,
                    none(), (b, v, s) -> b.balanceClasses = (Boolean) v, sp -> sp.training().balanceClasses()),
            key("augment", KeyType.TEXT, "none", "image models: random transformations of each site's"
                    + " training images in every pass: none or a list of flip, shift:<pixels>, rotate:<degrees>, gain:<r>", "flip,shift:2", true,
                    v -> Augmentation.parse((String) v), (b, v, s) -> b.augment = (String) v,
                    // none reads as unset, so the fingerprint of a study from before this key is unchanged
                    sp -> sp.training().augment().isNone() ? null : sp.training().augment().toString()),
            key("model", KeyType.TEXT, "dataset's", "logreg, mlp, cnn, resnet, cnn1d, lstm, rocket or cox", "mlp", true, v -> ModelArchitecture.parse((String) v),
                    (b, v, s) -> b.model = (String) v, StudySpec::architecture),
            key("hidden", KeyType.WHOLE_LIST, "64,32 (mlp)", "MLP hidden layer widths", List.of(16L, 8L), true, none(),
                    (b, v, s) -> b.hiddenUnits = ((List<?>) v).stream().map(StudyKeys::whole).toList(), StudySpec::hiddenUnits),
            key("rocket_kernels", KeyType.WHOLE, "10000", "rocket: random convolutional kernels drawn from the seed (two features"
                    + " each)", 2000L, true, positive(), (b, v, s) -> b.rocketKernels = whole(v),
                    // unset for other models, so their studies' fingerprints are unchanged
                    sp -> sp.architecture() == ModelArchitecture.ROCKET ? sp.rocketKernels() : null),
            key("dropout", KeyType.NUMBER, "dataset's", "dropout rate, in [0, 1)", 0.1, true, v -> range((Double) v, 0, 1, true, false),
                    (b, v, s) -> b.dropout = (Double) v, StudySpec::dropout),
            key("weighting", KeyType.TEXT, "samples", "aggregation weights: samples, validation (simulation only) or quality",
                    "quality", true, v -> AggregationWeighting.parse((String) v), (b, v, s) -> b.weighting = (String) v,
                    StudySpec::weighting),
            key("aggregator", KeyType.TEXT, "mean", "robust rule in place of the mean: median, trimmed_mean:<β>, krum:f=<f>,"
                    + " multi_krum:f=<f>,m=<m>, bulyan:f=<f>, geomed, centered_clip:tau=<τ>, norm_bound:M=<M>[,sigma=<σ>],"
                    + " fltrust[:root=<n>], screen[:cos=<c>,gain=1]",
                    "median", true, v -> Aggregators.check((String) v), (b, v, s) -> b.aggregator = (String) v,
                    // the plain mean reads as unset, so the fingerprint of a study from before this key is unchanged
                    sp -> Aggregators.isMean(sp.aggregator()) ? null : sp.aggregator()),
            key("fraction", KeyType.NUMBER, "1.0", "share of the sites sampled each round, in (0, 1]", 0.5, true,
                    v -> range((Double) v, 0, 1, false, true), (b, v, s) -> b.fraction = (Double) v, sp -> sp.sampler().fraction()),
            key("min_sites", KeyType.WHOLE, "1", "fewest sites a round needs", 2L, true, positive(), (b, v, s) -> b.minSites = whole(v),
                    sp -> sp.sampler().minSites()),
            key("test_fraction", KeyType.NUMBER, "0.2", "share of the data held out as the global test set, in (0, 1)", 0.3, true,
                    openFraction(), (b, v, s) -> b.testFraction = (Double) v, StudySpec::testFraction),
            key("site_test_fraction", KeyType.NUMBER, "0.2", "share of each site's data held out as its own test set, in (0, 1)",
                    0.25, true, openFraction(), (b, v, s) -> b.siteTestFraction = (Double) v, StudySpec::siteTestFraction),
            key("seed", KeyType.WHOLE, "42", "seed of splits, initialization and training", 7L, true, none(),
                    (b, v, s) -> b.seed = (Long) v, StudySpec::seed),
            key("baselines", KeyType.BOOLEAN, "true; false with data", "also train centralized and local-only baselines (simulation only)",
                    Boolean.FALSE, false, none(), (b, v, s) -> b.baselines = (Boolean) v, StudySpec::baselines),
            key("data", KeyType.SECTION, "none", "hospitals' own files: {label, classes, features, min_rows, max_missing_share; images: image_size, modality,"
                    + " view, window_center, window_width}",
                    Map.of("label", "diagnosis", "classes", List.of("absent", "present")), true, none(),
                    (b, v, s) -> b.data = castSection(v), StudyKeys::ownData),
            key("site_files", KeyType.SECTION, "none", "simulation of a data study: each simulated hospital's CSV file, by site id",
                    Map.of("site-1", "hospital-1.csv"), false, none(), StudyKeys::setSiteFiles, StudySpec::siteFiles),
            key("dp_level", KeyType.TEXT, "client", "differential privacy level: client (DP-FedAvg) or sample (DP-SGD at each site)",
                    "sample", true, v -> oneOf((String) v, "client", "sample"), (b, v, s) -> b.dpLevel = (String) v,
                    sp -> sp.clientDp() != null ? "client" : sp.sampleDp() != null ? "sample" : null),
            key("dp_clip", KeyType.NUMBER, "none", "DP clip norm: of each site's update (client) or each example's gradient (sample)",
                    1.0, true, positiveNumber(), (b, v, s) -> b.dpClip = (Double) v,
                    dp(ClientDpSpec::clipNorm, SampleDpSpec::clipNorm)),
            key("dp_noise", KeyType.NUMBER, "none", "DP Gaussian noise multiplier, in units of the clip norm", 1.1, true,
                    positiveNumber(), (b, v, s) -> b.dpNoise = (Double) v,
                    dp(ClientDpSpec::noiseMultiplier, SampleDpSpec::noiseMultiplier)),
            key("dp_epsilon", KeyType.NUMBER, "none", "DP budget: of the study (client) or of each site (sample); calibrates dp_noise",
                    3.0, true, positiveNumber(), (b, v, s) -> b.dpEpsilon = (Double) v,
                    dp(ClientDpSpec::targetEpsilon, SampleDpSpec::epsilonBudget)),
            key("dp_delta", KeyType.NUMBER, "1e-5", "DP delta", 1e-6, true, v -> range((Double) v, 0, 1, false, false),
                    (b, v, s) -> b.dpDelta = (Double) v, dp(ClientDpSpec::delta, SampleDpSpec::delta)),
            key("dp_mode", KeyType.TEXT, "central", "client-level DP noise: central or distributed (simulation only)", "distributed",
                    true, v -> oneOf((String) v, "central", "distributed"), (b, v, s) -> b.dpMode = (String) v,
                    dp(ClientDpSpec::mode, sd -> null)),
            key("dp_quantile", KeyType.NUMBER, "none", "adaptive clipping: the quantile of update norms the clip norm tracks", 0.5,
                    true, openFraction(), (b, v, s) -> b.dpQuantile = (Double) v, dp(ClientDpSpec::targetQuantile, sd -> null)),
            key("dp_noise_schedule", KeyType.TEXT, "constant", "client-level σ over rounds: constant, linear:<last>, step:<f>:<every>",
                    "linear:0.5", true, none(), (b, v, s) -> b.dpNoiseSchedule = (String) v,
                    dp(ClientDpSpec::noiseSchedule, sd -> null)),
            key("dp_layer_noise", KeyType.NUMBER_LIST, "none", "client level: one noise multiplier per model tensor (per-layer clipping)",
                    List.of(2.0, 4.0), true, none(),
                    (b, v, s) -> b.dpLayerNoise = ((List<?>) v).stream().map(x -> (Double) x).toList(),
                    dp(ClientDpSpec::layerNoise, sd -> null)),
            key("dp_seeded_noise", KeyType.BOOLEAN, "true in simulate, false in a deployment",
                    "draw DP noise from the seed so runs repeat (research only, not private)",
                    Boolean.FALSE, true, none(), (b, v, s) -> b.dpSeededNoise = (Boolean) v,
                    dp(ClientDpSpec::seededNoise, SampleDpSpec::seededNoise)),
            key("secure_aggregation", KeyType.TEXT, "none", "the coordinator learns only the sum: none, secagg+ or paillier",
                    "secagg+", true, v -> oneOf((String) v, "none", "secagg+", "paillier"), (b, v, s) -> b.secureAggregation = (String) v,
                    secure(SecureSpec::protection)),
            key("secure_dropout", KeyType.NUMBER, "0.2", "secure aggregation: fraction of a site's neighbours that may drop (sets t)",
                    0.3, true, v -> range((Double) v, 0, 1, true, false), (b, v, s) -> b.secureDropout = (Double) v, secure(SecureSpec::dropout)),
            key("secure_corruption", KeyType.NUMBER, "0", "secure aggregation: fraction of sites assumed to collude with the coordinator",
                    0.1, true, v -> range((Double) v, 0, 1, true, false), (b, v, s) -> b.secureCorruption = (Double) v, secure(SecureSpec::corruption)),
            key("secure_threshold", KeyType.WHOLE, "derived", "secure aggregation: shares needed to rebuild a site's secrets (t)", 3L,
                    true, positive(), (b, v, s) -> b.secureThreshold = whole(v), secure(SecureSpec::threshold)),
            key("secure_range", KeyType.NUMBER, "4.0", "secure aggregation: update values are clipped to [-c, c] (DP uses its clip norm)",
                    2.0, true, positiveNumber(), (b, v, s) -> b.secureRange = (Double) v, secure(SecureSpec::range)),
            key("secure_max_weight", KeyType.NUMBER, "10000", "secure aggregation: a site weighs min(samples, W) / W in the sum",
                    5000.0, true, positiveNumber(), (b, v, s) -> b.secureMaxWeight = (Double) v, secure(SecureSpec::maxWeight)),
            key("secure_groups", KeyType.WHOLE, "1", "secure aggregation: sum each round in this many random groups (a robust "
                    + "aggregator then runs across the group means)", 2L, true, positive(), (b, v, s) -> b.secureGroups = whole(v),
                    secure(SecureSpec::groups)),
            key("site_dropout", KeyType.NUMBER, "0", "simulation: fraction of each round's sites that vanish after their masked upload",
                    0.2, false, v -> range((Double) v, 0, 1, true, false), (b, v, s) -> b.siteDropout = (Double) v,
                    secure(SecureSpec::siteDropout)),
            key("attack", KeyType.TEXT, "none", "simulation: an attack run by the malicious sites, NAME[:param]: "
                    + String.join(", ", AttackSpec.KNOWN.keySet()) + " (docs/ATTACKS.md)", "sign_flip:10", true,
                    v -> checkAttack((String) v), (b, v, s) -> b.attack = (String) v, sp -> sp.attack() == null ? null : sp.attack().text()),
            key("malicious", KeyType.NUMBER, "0.2 with an attack", "simulation: share of the sites that attack, in (0, 1); a seeded draw",
                    0.3, true, openFraction(), (b, v, s) -> b.malicious = (Double) v,
                    sp -> sp.attack() == null ? null : sp.attack().malicious()),
            // it changes no training but takes a validation share from each site's training data, so it defines the study
            key("target_sensitivity", KeyType.NUMBER, "none", "simulation, two classes: hold out validation data at each site and"
                    + " choose the operating threshold reaching this disease-class sensitivity on it, in (0, 1]; refused under DP",
                    0.8, true, v -> OperatingThreshold.checkTarget((Double) v), (b, v, s) -> b.targetSensitivity = (Double) v,
                    StudySpec::targetSensitivity),
            key("validation_share", KeyType.NUMBER, "0.15", "simulation: share of each site's training data held out for validation"
                    + " (target_sensitivity, weighting: validation), in (0, 1)", 0.25, true, openFraction(),
                    (b, v, s) -> b.validationShare = (Double) v, StudySpec::validationShare),
            key("finetune_epochs", KeyType.WHOLE, "0", "after the last round each site fine-tunes the final model on"
                    + " its own training data for this many epochs, its personal model (reported per site beside the global and"
                    + " local-only models)", 5L, true, v -> {
                        if ((Long) v < 0) {
                            throw new IllegalArgumentException("must be 0 or positive, got " + v);
                        }
                    }, (b, v, s) -> b.finetuneEpochs = whole(v), StudySpec::finetuneEpochs),
            key("init_from", KeyType.PATH, "none", "start from a saved model: the model/ folder an earlier run wrote (same"
                    + " architecture, input shape and classes)", "runs/pneumoniamnist-fedavg/model", true, none(),
                    (b, v, s) -> b.initFrom = s.resolve((String) v), StudySpec::initFrom),
            key("freeze", KeyType.TEXT, "none", "tensors the sites do not train: body (all but the output layer) or"
                    + " comma-separated tensor names or prefixes", "body", true, none(),
                    (b, v, s) -> b.freeze = List.of(((String) v).split("\\s*,\\s*")), sp -> sp.freeze().isEmpty() ? null
                            : String.join(",", sp.freeze())),
            key("local_layers", KeyType.TEXT, "none", "tensors each site keeps to itself and never sends: batchnorm (FedBN),"
                    + " head (FedPer) or comma-separated tensor names or prefixes; the sites evaluate with their own",
                    "batchnorm", true, none(), (b, v, s) -> b.localLayers = List.of(((String) v).split("\\s*,\\s*")),
                    sp -> sp.localLayers().isEmpty() ? null : String.join(",", sp.localLayers())),
            key("ditto_lambda", KeyType.NUMBER, "none", "simulation: Ditto personal models; each site also trains its own model"
                    + " in every round it takes part in, pulled towards the round's global model by (λ/2)‖v − w‖² with this λ ≥ 0,"
                    + " and keeps it (reported per site beside the global and local-only models)", 0.1, true, nonNegative(),
                    (b, v, s) -> b.dittoLambda = (Double) v, StudySpec::dittoLambda),
            // contributions are read off the rounds and change no training, so they do not define the study
            key("contribution", KeyType.TEXT, "none", "per-site contribution values from the round updates (simulation, demo-data deployment): loo"
                    + " (leave-one-out), shapley (GTG-Shapley), both, or exact (all 2^n coalitions, few sites); see"
                    + " docs/CONTRIBUTION.md", "shapley", false, v -> ContributionMethod.parse((String) v),
                    (b, v, s) -> b.contribution = (String) v, sp -> sp.contribution() == null ? null : sp.contribution().method().id()),
            key("reward_pool", KeyType.NUMBER, "100 with contribution", "the reward split among the sites by their"
                    + " contribution values (negative values earn 0); the shares sum to it exactly, in hundredths", 1000.0, false,
                    nonNegative(), (b, v, s) -> b.rewardPool = (Double) v,
                    sp -> sp.contribution() == null ? null : sp.contribution().rewardPool()),
            // explanations change no training: they do not define the study
            key("explain", KeyType.BOOLEAN, "false", "explain the final model; tabular: each site's Kernel SHAP and"
                    + " permutation importance on its own rows, aggregated; images: integrated-gradients saliency on test images"
                    + " (docs/EXPLANATIONS.md)", Boolean.TRUE, false, none(), (b, v, s) -> b.explain = (Boolean) v,
                    sp -> sp.explain() != null),
            key("explain_rows", KeyType.WHOLE, String.valueOf(ExplainSpec.DEFAULT_ROWS), "explain: rows each site explains",
                    100L, false, v -> atLeast((Long) v, 2), (b, v, s) -> b.explainRows = whole(v),
                    explain(ExplainSpec::rows)),
            key("explain_min_rows", KeyType.WHOLE, String.valueOf(ExplainSpec.DEFAULT_MIN_ROWS), "explain: a site with fewer"
                    + " rows refuses to explain; the aggregate is over the others", 30L, false, v -> atLeast((Long) v, 2),
                    (b, v, s) -> b.explainMinRows = whole(v), explain(ExplainSpec::minRows)),
            key("explain_clip", KeyType.NUMBER, String.valueOf(ExplainSpec.DEFAULT_CLIP), "explain under DP: L2 bound on each"
                    + " row's vector of absolute SHAP values", 0.25, false, positiveNumber(), (b, v, s) -> b.explainClip = (Double) v,
                    explain(ExplainSpec::clip)),
            key("explain_noise", KeyType.NUMBER, String.valueOf(ExplainSpec.DEFAULT_NOISE), "explain under DP: Gaussian noise"
                    + " multiplier on each site's sum of clipped absolute SHAP values, in units of explain_clip", 2.0, false,
                    positiveNumber(), (b, v, s) -> b.explainNoise = (Double) v, explain(ExplainSpec::noiseMultiplier)));

    private static final Map<String, StudyKey> BY_NAME = index();

    private static Map<String, StudyKey> index() {
        Map<String, StudyKey> m = new LinkedHashMap<>();
        for (StudyKey k : ALL) {
            m.put(k.name(), k);
            k.aliases().forEach(a -> m.put(a, k));
        }
        return m;
    }

    /** The key of a name or alias ('-' and '_' alike). */
    public static Optional<StudyKey> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name.replace('-', '_')));
    }

    /** Canonical names, for "known:" lists in messages. */
    public static List<String> names() {
        return ALL.stream().map(StudyKey::name).toList();
    }

    /**
     * Applies every entry of {@code values} in order; an unknown key, a wrong type or a bad value is an
     * error naming the key and {@code source}.
     */
    public static void apply(StudySpecBuilder b, Map<String, ?> values, KeySource source) {
        for (var e : values.entrySet()) {
            apply(b, e.getKey(), e.getValue(), source);
        }
    }

    public static void apply(StudySpecBuilder b, String name, Object raw, KeySource source) {
        StudyKey k = find(name).orElseThrow(() -> new IllegalArgumentException((source.commandLineSource() ? "unknown option "
                + StudyKey.optionName(name) : source.label() + ": unknown key '" + source.keyPrefix() + name + "'")
                + "; known: " + String.join(", ", names())));
        k.apply(b, raw, source, name);
    }

    /**
     * What identifies a study (a run store resumes only the same one): every key that defines the
     * study with its effective value in {@code spec}, in table order.
     */
    public static String fingerprint(StudySpec spec) {
        List<String> parts = new ArrayList<>();
        terms(spec).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    /** Every key that defines the study with its effective value in {@code spec} as text, in table order (unset keys left out). */
    public static Map<String, String> terms(StudySpec spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (StudyKey k : ALL) {
            Object v = k.definesStudy() ? k.read().apply(spec) : null;
            if (v != null) {
                out.put(k.name(), String.valueOf(v));
            }
        }
        return out;
    }

    private static StudyKey key(String name, KeyType type, String def, String doc, Object example, boolean definesStudy,
                                Consumer<Object> check, StudyKey.Setter set, Function<StudySpec, Object> read) {
        return new StudyKey(name, type, def, doc, List.of(), example, definesStudy, check, set, read);
    }

    private static Function<StudySpec, Object> dp(Function<ClientDpSpec, Object> client, Function<SampleDpSpec, Object> sample) {
        return sp -> sp.clientDp() != null ? client.apply(sp.clientDp()) : sp.sampleDp() != null ? sample.apply(sp.sampleDp()) : null;
    }

    private static Function<StudySpec, Object> explain(Function<ExplainSpec, Object> read) {
        return sp -> sp.explain() == null ? null : read.apply(sp.explain());
    }

    private static void atLeast(long v, long least) {
        if (v < least) {
            throw new IllegalArgumentException("must be at least " + least + ", got " + v);
        }
    }

    private static Function<StudySpec, Object> secure(Function<SecureSpec, Object> read) {
        return sp -> sp.secure() == null ? null : read.apply(sp.secure());
    }

    private static void checkAttack(String text) {
        if (!text.equalsIgnoreCase("none")) {
            AttackSpec.parse(text, AttackSpec.DEFAULT_MALICIOUS);
        }
    }

    private static Object ownData(StudySpec spec) {
        return spec.ownData() == null ? null : spec.ownData().fingerprint();
    }

    private static void setParams(StudySpecBuilder b, Object v, KeySource s) {
        ((Map<?, ?>) v).forEach((k, x) -> b.strategyParams.put((String) k, (Double) x));
    }

    private static void setSiteFiles(StudySpecBuilder b, Object v, KeySource s) {
        ((Map<?, ?>) v).forEach((site, file) -> {
            if (!(file instanceof String path) || path.isBlank()) {
                throw new IllegalArgumentException("must map each site id to its CSV file, got " + site + ": " + file);
            }
            b.siteFiles.put((String) site, s.resolve(path));
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castSection(Object v) {
        return (Map<String, Object>) v;
    }

    private static int whole(Object v) {
        long l = (Long) v;
        if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("is too large: " + l);
        }
        return (int) l;
    }

    private static Consumer<Object> none() {
        return v -> { };
    }

    private static Consumer<Object> positive() {
        return v -> {
            if ((Long) v <= 0) {
                throw new IllegalArgumentException("must be positive, got " + v);
            }
        };
    }

    private static Consumer<Object> positiveNumber() {
        return v -> {
            double d = (Double) v;
            if (!(d > 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException("must be a positive number, got " + v);
            }
        };
    }

    private static Consumer<Object> nonNegative() {
        return v -> {
            double d = (Double) v;
            if (!(d >= 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException("must be zero or positive, got " + v);
            }
        };
    }

    private static Consumer<Object> openFraction() {
        return v -> range((Double) v, 0, 1, false, false);
    }

    private static void range(double d, double lo, double hi, boolean loIn, boolean hiIn) {
        boolean ok = (loIn ? d >= lo : d > lo) && (hiIn ? d <= hi : d < hi);
        if (!ok) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "must be in %s%s, %s%s, got %s", loIn ? "[" : "(",
                    fmt(lo), fmt(hi), hiIn ? "]" : ")", fmt(d)));
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e9 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static void oneOf(String v, String... allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }
}

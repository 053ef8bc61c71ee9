package org.fedmed.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.aggregate.robust.RobustRule;
import org.fedmed.core.contribution.ContributionRecorder;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.metrics.RocCurve;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.secure.SecureAggregation;
import org.fedmed.core.strategy.Strategy;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.sim.attack.AttackOutcome;
import org.fedmed.sim.attack.AttackPlan;
import org.fedmed.sim.attack.Backdoor;
import org.fedmed.sim.attack.Trigger;
import org.fedmed.study.ContributionValues;
import org.fedmed.study.SampleDpSpec;
import org.fedmed.study.StudyAssembly;
import org.fedmed.study.StudyRuntime;
import org.fedmed.study.StudySpec;
import org.fedmed.study.SurvivalStudy;
import org.fedmed.study.explain.ExplanationBudget;
import org.fedmed.study.explain.Explanations;
import org.fedmed.study.explain.StudyExplainer;

/**
 * An in-process federation of simulated hospitals. It prepares the data, builds one
 * {@link LocalSite} per hospital (all sharing ONE trainer, so memory does not grow with the number
 * of sites), and drives the core {@link Federation} loop — the same loop a deployment runs. Then it
 * trains the baselines on the same data: centralized (pooled) and local-only, for the same number of
 * epochs with the same learning-rate schedule, all evaluated on the same global test set.
 */
public final class Simulation {

    private final Function<ModelSpec, LocalTrainer> trainerFactory;
    private final UnaryOperator<SiteClient> siteDecorator;

    private Simulation(Function<ModelSpec, LocalTrainer> trainerFactory, UnaryOperator<SiteClient> siteDecorator) {
        this.trainerFactory = trainerFactory;
        this.siteDecorator = siteDecorator;
    }

    /** A simulation training with DJL/PyTorch. */
    public static Simulation withDjl() {
        return new Simulation(spec -> DjlTrainer.builder().model(spec).build(), UnaryOperator.identity());
    }

    /** A simulation with another trainer and a wrapper around every site (for tests and attack scenarios). */
    public static Simulation with(Function<ModelSpec, LocalTrainer> trainerFactory, UnaryOperator<SiteClient> siteDecorator) {
        return new Simulation(trainerFactory, siteDecorator);
    }

    /** Prepares the data the spec describes (fails fast on bad input, before any training). */
    public static FederatedData prepareData(StudySpec spec) {
        return StudyAssembly.bundledData(spec);
    }

    public SimulationResult run(StudySpec spec, SimulationListener listener) {
        SurvivalStudy.check(spec);
        return run(spec, prepareData(spec), listener);
    }

    public SimulationResult run(StudySpec spec, FederatedData data, SimulationListener listener) {
        SurvivalStudy.check(spec);
        long start = System.nanoTime();
        LabeledSamples globalTest = data.globalTest();
        Map<String, LabeledSamples[]> siteData = trainAndValidation(spec, data);
        SampleDpRun sampleDp = spec.sampleDp() == null ? null : sampleDp(spec, siteData, listener);
        TrainingConfig training = sampleDp == null ? spec.training() : spec.training().withDpSgd(sampleDp.dpSgd());
        StudyAssembly study = StudyAssembly.assemble(spec, StudyRuntime.SIMULATION, training, data.siteIds(), listener::phase);
        ModelSpec model = study.model(globalTest.featureShape(), globalTest.numClasses());
        if (spec.explain() != null) {
            StudyExplainer.check(model.architecture(), model.numClasses());
        }
        StrategyOptions options = study.options();
        ClientDpStrategy dp = study.clientDp();
        Strategy strategy = study.strategy();
        listener.phase(String.format("%s: %d sites (%s), %d training / %d global test examples, model %s, strategy %s",
                data.dataset(), data.sites().size(), spec.partition(), data.pooledTrain().size(), globalTest.size(), model,
                strategy.name()));
        listener.phase("aggregation: " + strategy.aggregation());
        AttackPlan attack = spec.attack() == null ? null : AttackPlan.of(spec.attack(), data.siteIds(), data.pooledTrain(), spec.seed());
        if (attack != null) {
            listener.phase(attack.describe());
        }
        if (sampleDp != null) {
            listener.phase(sampleDp.describe());
        }

        try (LocalTrainer trainer = trainerFactory.apply(model)) {
            ModelWeights initial = study.initialWeights(trainer);
            study.checkModel(model, initial);
            Optional<RobustRule> rule = study.robustRule().filter(r -> r.rootExamples() > 0);
            if (rule.isPresent()) {
                RootData root = RootData.draw(trainer, data.pooledTrain(), rule.get().rootExamples(), options,
                        siteData.values().stream().mapToInt(tv -> tv[0].size()).average().orElse(0));
                rule.get().useReference(root);
                listener.phase("coordinator's " + root.describe());
            }
            DittoSites ditto = spec.dittoLambda() == null ? null : new DittoSites(spec.dittoLambda(), initial, data.siteIds());
            if (ditto != null) {
                listener.phase("Ditto: each site also trains a personal model in every round it takes part in, pulled towards"
                        + " the round's global model with lambda " + spec.dittoLambda() + "; it stays at the site");
            }
            List<SiteClient> sites = new ArrayList<>();
            Map<String, LocalSite> localSites = new LinkedHashMap<>();
            for (SiteData s : data.sites()) {
                LabeledSamples[] tv = siteData.get(s.siteId());
                LabeledSamples train = attack == null ? tv[0] : attack.trainingData(s.siteId(), tv[0]);
                // the validation share scores updates only when weighting asks for it: a score is a release
                LabeledSamples scored = spec.weighting() == AggregationWeighting.VALIDATION_SCORE ? tv[1] : null;
                LocalSite local = new LocalSite(s.siteId(), trainer, train, scored, s.test(), s.completeness());
                localSites.put(s.siteId(), local);
                SiteClient site = local;
                if (ditto != null) {
                    // innermost: the personal update sees exactly the instructions the site's own training sees
                    site = ditto.wrap(site, trainer, train);
                }
                if (sampleDp != null) {
                    site = sampleDp.wrap(site, train.labelCounts());
                }
                if (attack != null) {
                    site = attack.wrap(site);
                }
                sites.add(siteDecorator.apply(site));
            }
            SecureAggregation secure = null;
            if (spec.secure() != null) {
                SimulatedSecureSites wrapped = SimulatedSecureSites.wrap(study, sites);
                sites = wrapped.sites();
                secure = wrapped.aggregation();
                listener.phase("secure aggregation: " + secure.describe(sites.size())
                        + (spec.secure().siteDropout() > 0 ? "; " + spec.secure().siteDropout() + " of each round's sites vanish after their masked upload" : ""));
            }
            ContributionRecorder contribution = spec.contribution() == null ? null
                    : ContributionValues.recorder(spec, strategy, trainer, globalTest);
            if (contribution != null) {
                listener.phase("contribution: " + spec.contribution().method().id() + " values of each round's updates, scored on"
                        + " the global test set");
            }
            Federation federation = Federation.builder()
                    .strategy(contribution != null ? contribution : strategy)
                    .secureAggregation(secure)
                    .secureGroups(spec.secure() == null ? 1 : spec.secure().groups())
                    .sites(sites)
                    .rounds(spec.rounds())
                    .globalEvaluator(w -> Evaluations.evaluate(trainer, w, globalTest))
                    .listener(listener)
                    .listener(sampleDp != null ? sampleDp : r -> { })
                    .listener(r -> {
                        if (dp != null) {
                            listener.privacySpent(r.round(), dp.spent(spec.clientDp().delta()).epsilon(), spec.clientDp().delta());
                        }
                    })
                    .build();
            FederationResult fed = federation.run(initial);
            EvaluationResult federated = fed.lastRound().globalEvaluation();
            AttackOutcome attackOutcome = attackOutcome(attack, trainer, fed.finalWeights(), data);
            boolean survival = globalTest.isSurvival();
            double[] testScores = survival ? null : BinaryEvaluation.diseaseScores(trainer, fed.finalWeights(), globalTest);
            RiskGroups riskGroups = survival ? RiskGroups.of(trainer.riskScores(fed.finalWeights(), data.pooledTrain()),
                    trainer.riskScores(fed.finalWeights(), globalTest), globalTest) : null;
            OperatingPoint operatingPoint = spec.targetSensitivity() == null ? null : BinaryEvaluation.operatingPoint(trainer,
                    fed.finalWeights(), validation(siteData), globalTest, testScores, spec.targetSensitivity(), listener);
            Map<String, EvaluationResult> personal = Map.of();
            if (ditto != null) {
                personal = ditto.evaluate(trainer, data.sites());
                listener.phase("personal models: Ditto (lambda " + spec.dittoLambda() + "), trained in " + ditto.roundsTrained()
                        + " round(s) by site");
            }
            if (spec.finetuneEpochs() > 0) {
                Map<String, LabeledSamples> own = new LinkedHashMap<>();
                siteData.forEach((site, tv) -> own.put(site, tv[0]));
                // a site that kept layers (FedPer's head, FedBN's BatchNorm) fine-tunes from its own values of them
                Map<String, ModelWeights> starts = new LinkedHashMap<>();
                localSites.forEach((site, local) -> starts.put(site, local.kept().start(fed.finalWeights())));
                personal = Personalization.fineTune(trainer, starts, data.sites(), own, training, spec.finetuneEpochs(), spec.seed());
                listener.phase("personal models: each site fine-tuned the final model for " + spec.finetuneEpochs()
                        + " epoch(s) on its own training data");
            }
            Map<String, EvaluationResult> perSite = new LinkedHashMap<>();
            for (SiteEvaluation e : fed.lastRound().siteEvaluations()) {
                perSite.put(e.siteId(), e.result());
            }

            EvaluationResult centralized = null;
            ModelWeights pooled = null;
            Map<String, EvaluationResult> localOnly = new LinkedHashMap<>();
            Map<String, EvaluationResult> localOnlyOwn = new LinkedHashMap<>();
            if (spec.baselines()) {
                long t = System.nanoTime();
                if (sampleDp != null) {
                    listener.phase("baselines train with DP-SGD at the same budget, each with the noise its own data size needs");
                }
                LabeledSamples pooledTrain = data.pooledTrain();
                pooled = trainAlone(trainer, initial, pooledTrain, spec,
                        baselineTraining(training, sampleDp, pooledTrain, "centralized"), options, "centralized");
                centralized = Evaluations.evaluate(trainer, pooled, globalTest);
                listener.baselineFinished("centralized", centralized, (System.nanoTime() - t) / 1e9);
                for (SiteData s : data.sites()) {
                    t = System.nanoTime();
                    ModelWeights alone = trainAlone(trainer, initial, s.train(), spec,
                            baselineTraining(training, sampleDp, s.train(), s.siteId()), options, s.siteId());
                    EvaluationResult r = Evaluations.evaluate(trainer, alone, globalTest);
                    localOnly.put(s.siteId(), r);
                    localOnlyOwn.put(s.siteId(), Evaluations.evaluate(trainer, alone, s.test()));
                    listener.baselineFinished("local-only " + s.siteId(), r, (System.nanoTime() - t) / 1e9);
                }
            }
            // after the baselines (the pooled model is the reference) and before the privacy report (which then includes it)
            Explanations explanations = spec.explain() == null ? null
                    : explain(spec, model, trainer, fed.finalWeights(), pooled, data, siteData, sampleDp, dp, listener);
            return new SimulationResult(spec, strategy.name(), strategy.aggregation(), model, data, fed, federated, centralized, localOnly,
                    localOnlyOwn, perSite, (System.nanoTime() - start) / 1e9,
                    dp != null ? dp.report(spec.clientDp().delta(), Conversion.IMPROVED)
                            : sampleDp != null ? sampleDp.report() : null, attackOutcome,
                    testScores == null ? null : RocCurve.of(globalTest.labels(), testScores, 1), operatingPoint, personal,
                    ditto == null ? Map.of() : ditto.roundsTrained(), riskGroups,
                    contribution == null ? null : ContributionValues.of(spec, contribution, data.siteIds(), globalTest.isSurvival()),
                    explanations);
        }
    }

    /** Each site explains the final model on its own training rows (or the coordinator's test images are), under the study's DP. */
    private static Explanations explain(StudySpec spec, ModelSpec model, LocalTrainer trainer, ModelWeights weights, ModelWeights pooled,
                                        FederatedData data, Map<String, LabeledSamples[]> siteData, SampleDpRun sampleDp,
                                        ClientDpStrategy dp, SimulationListener listener) {
        ExplanationBudget budget = ExplanationBudget.of(spec, sampleDp == null ? null : sampleDp.ledger(),
                dp == null ? null : dp.ledger().clientLevel());
        if (spec.secure() != null && !data.featureNames().isEmpty()) {
            listener.phase("explain: secure aggregation hides each site's update, not its explanation: each site's mean |SHAP|"
                    + " reaches the coordinator on its own");
        }
        Map<String, LabeledSamples> own = new LinkedHashMap<>();
        siteData.forEach((site, tv) -> own.put(site, tv[0]));
        return StudyExplainer.run(spec.explain(), spec.seed(), model, trainer, weights, pooled, own, data.featureNames(),
                data.pooledTrain(), data.globalTest(), budget, listener::phase);
    }

    /** The attack and who ran it, with the final model's backdoor success rate (measured with or without an attack). */
    private static AttackOutcome attackOutcome(AttackPlan attack, LocalTrainer trainer, ModelWeights finalWeights, FederatedData data) {
        if (data.globalTest().isSurvival()) {
            // a backdoor targets a class: a risk score has none, so its success is not measured
            return attack == null ? null : new AttackOutcome(attack.spec(), attack.attack().parameter(), attack.malicious(), Double.NaN,
                    Backdoor.TARGET, "none (survival model)");
        }
        Trigger trigger = attack != null && attack.attack() instanceof Backdoor b ? b.trigger() : Trigger.forData(data.pooledTrain());
        double success = Backdoor.successRate(trainer, finalWeights, data.globalTest(), trigger, Backdoor.TARGET);
        if (attack == null) {
            return new AttackOutcome(null, Double.NaN, List.of(), success, Backdoor.TARGET, trigger.describe());
        }
        return new AttackOutcome(attack.spec(), attack.attack().parameter(), attack.malicious(), success, Backdoor.TARGET,
                trigger.describe());
    }

    /**
     * Each site's (training, validation) sets: validation is a held-out share of its training data
     * when updates are weighted by validation accuracy or an operating threshold is chosen (a score
     * or a threshold must come from data the model was not trained on), else null.
     */
    private static Map<String, LabeledSamples[]> trainAndValidation(StudySpec spec, FederatedData data) {
        Map<String, LabeledSamples[]> out = new LinkedHashMap<>();
        for (SiteData s : data.sites()) {
            if (spec.weighting() == AggregationWeighting.VALIDATION_SCORE || spec.targetSensitivity() != null) {
                out.put(s.siteId(), holdOut(s.train(), spec.heldOutShare(), Seeds.mix(spec.seed(), 0, s.siteId().hashCode())));
            } else {
                out.put(s.siteId(), new LabeledSamples[] {s.train(), null});
            }
        }
        return out;
    }

    /** Each site's validation set (null entries left out). */
    private static Map<String, LabeledSamples> validation(Map<String, LabeledSamples[]> siteData) {
        Map<String, LabeledSamples> out = new LinkedHashMap<>();
        siteData.forEach((site, tv) -> {
            if (tv[1] != null) {
                out.put(site, tv[1]);
            }
        });
        return out;
    }

    /** A baseline's training: the study's, with DP-SGD (if any) set up for the baseline's own data at the same budget. */
    private static TrainingConfig baselineTraining(TrainingConfig training, SampleDpRun sampleDp, LabeledSamples data, String who) {
        return sampleDp == null ? training : training.withDpSgd(sampleDp.baselineDpSgd(data, training, who));
    }

    /** Sample-level DP planned against the sites' training sizes: refused here, before training, if it can't work. */
    private static SampleDpRun sampleDp(StudySpec spec, Map<String, LabeledSamples[]> siteData, SimulationListener listener) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        siteData.forEach((site, tv) -> sizes.put(site, tv[0].size()));
        SampleDpSpec.Plan plan = spec.sampleDp().plan(sizes, spec.rounds(), spec.training().localEpochs(),
                spec.training().batchSize(), spec.training().balanceClasses());
        return new SampleDpRun(plan, spec.rounds(), listener);
    }

    /** Default share of each site's training data held out for validation (scoring updates, choosing an operating threshold). */
    static final double VALIDATION_SHARE = StudySpec.DEFAULT_VALIDATION_SHARE;

    /** A seeded random split into (rest, held out); at least one example on each side. */
    static LabeledSamples[] holdOut(LabeledSamples data, double share, long seed) {
        if (data.size() < 2) {
            throw new IllegalArgumentException("a site needs at least 2 training examples to hold out validation data");
        }
        int[] order = Shuffle.permutation(data.size(), new Random(seed));
        int held = Math.max(1, Math.min(order.length - 1, (int) Math.round(order.length * share)));
        return new LabeledSamples[] {
            data.subset(Arrays.copyOfRange(order, held, order.length)),
            data.subset(Arrays.copyOfRange(order, 0, held))};
    }

    /**
     * Trains one model on one data set for as many epochs as a federated site trains in the whole
     * study, with the same per-round learning rates, so baselines get the same training budget.
     */
    private static ModelWeights trainAlone(LocalTrainer trainer, ModelWeights initial, LabeledSamples data,
                                           StudySpec spec, TrainingConfig base, StrategyOptions options, String who) {
        ModelWeights w = initial;
        for (int round = 1; round <= spec.rounds(); round++) {
            TrainingConfig c = base.withLearningRate(options.schedule().at(round, base.learningRate()))
                    .withProximalMu(0).withSeed(Seeds.mix(spec.seed(), round, who.hashCode()));
            w = trainer.fit(w, data, c).weights();
        }
        return w;
    }
}

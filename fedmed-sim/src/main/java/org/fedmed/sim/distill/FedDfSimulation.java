package org.fedmed.sim.distill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.training.Distiller;
import org.fedmed.core.training.EnsembleTargets;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.Predictions;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.sim.SimulationListener;
import org.fedmed.study.StudyAssembly;
import org.fedmed.study.StudyRuntime;
import org.fedmed.study.StudySpec;

/**
 * FedDF (Lin et al. 2020, "Ensemble Distillation for Robust Model Fusion in Federated Learning") in
 * simulation: sites with different architectures federate into one model per architecture. Each round
 * every architecture's sites run a FedAvg round of their own (the core {@link Federation} loop, one per
 * architecture); then the coordinator forms the ensemble of the group averages (averaged logits on its
 * unlabeled proxy set, see {@link EnsembleTargets}) and distills it into each group average
 * ({@link Distiller}); the distilled models go back to the sites next round. With the study's
 * baselines on, FedAvg with every site on one architecture runs beside it on the same data and rounds,
 * once per architecture: the reference the issue asks FedDF to be reported against.
 */
public final class FedDfSimulation {

    private static final long DISTILL_STREAM = 0x64697374L;

    private final Function<ModelSpec, LocalTrainer> trainerFactory;

    private FedDfSimulation(Function<ModelSpec, LocalTrainer> trainerFactory) {
        this.trainerFactory = trainerFactory;
    }

    public static FedDfSimulation withDjl() {
        return new FedDfSimulation(spec -> DjlTrainer.builder().model(spec).build());
    }

    /** With another engine; its trainers must also be {@link Distiller}s. */
    public static FedDfSimulation with(Function<ModelSpec, LocalTrainer> trainerFactory) {
        return new FedDfSimulation(trainerFactory);
    }

    /** Refuses, before any data is read or model trained, what FedDF here does not combine with. */
    public static void check(StudySpec spec) {
        List<String> no = new ArrayList<>();
        if (spec.ownData() != null) {
            no.add("a study on the hospitals' own files");
        }
        if (!spec.strategy().equals("fedavg")) {
            no.add("strategy " + spec.strategy() + " (FedDF averages each architecture's updates with fedavg)");
        }
        if (spec.clientDp() != null || spec.sampleDp() != null) {
            no.add("differential privacy (the proxy ensemble's outputs are not accounted)");
        }
        if (spec.secure() != null) {
            no.add("secure aggregation");
        }
        if (spec.attack() != null) {
            no.add("an attack");
        }
        if (!spec.aggregator().equals("mean")) {
            no.add("aggregator " + spec.aggregator());
        }
        if (spec.weighting() == AggregationWeighting.VALIDATION_SCORE) {
            no.add("validation weighting");
        }
        if (spec.initFrom() != null || !spec.freeze().isEmpty() || !spec.localLayers().isEmpty()) {
            no.add("init_from / freeze / local_layers (one saved model has one architecture)");
        }
        if (spec.finetuneEpochs() > 0 || spec.targetSensitivity() != null) {
            no.add("finetune_epochs / target_sensitivity");
        }
        if (!no.isEmpty()) {
            throw new IllegalArgumentException("knowledge distillation (FedDF) runs plain FedAvg per architecture; it cannot take "
                    + String.join(", ", no));
        }
    }

    /** Each architecture's model for the data; an architecture that does not fit it is refused here, before round 1. */
    static Map<ModelArchitecture, ModelSpec> models(StudySpec spec, FedDfSpec fedDf, FederatedData data) {
        Map<ModelArchitecture, ModelSpec> out = new LinkedHashMap<>();
        for (ModelArchitecture a : fedDf.architectures()) {
            try {
                // the study's hidden layers are for its own model; an mlp beside a study model without them gets the default widths
                List<Integer> hidden = a != ModelArchitecture.MLP ? List.of()
                        : !spec.hiddenUnits().isEmpty() ? spec.hiddenUnits()
                        : ModelSpec.of(a, data.featureShape(), data.numClasses()).hiddenUnits();
                out.put(a, new ModelSpec(a, data.featureShape(), data.numClasses(), hidden, spec.dropout()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--site-models " + a.id() + " does not fit " + data.dataset() + ": " + e.getMessage());
            }
        }
        return out;
    }

    public FedDfResult run(StudySpec spec, FedDfSpec fedDf, FederatedData data, SimulationListener listener) {
        long start = System.nanoTime();
        check(spec);
        Map<String, ModelArchitecture> assigned = fedDf.assign(data.siteIds());
        Map<ModelArchitecture, ModelSpec> models = models(spec, fedDf, data);
        ProxyData proxy = ProxyData.carve(data, fedDf.proxy(), spec.seed());
        LabeledSamples test = data.globalTest();
        listener.phase(String.format(Locale.ROOT, "FedDF on %s: %d sites (%s), %d proxy examples without labels at the coordinator"
                        + " (taken from the sites' training data), %d global test examples; distillation %d Adam steps, batch %d,"
                        + " lr %.3g, T %.3g", data.dataset(), data.sites().size(), assigned.values().stream().map(ModelArchitecture::id)
                        .toList(), proxy.size(), test.size(), fedDf.distill().steps(), fedDf.distill().batchSize(),
                fedDf.distill().learningRate(), fedDf.distill().temperature()));

        Map<ModelArchitecture, LocalTrainer> trainers = new LinkedHashMap<>();
        try {
            for (ModelSpec m : models.values()) {
                LocalTrainer t = trainerFactory.apply(m);
                trainers.put(m.architecture(), t);
                if (!(t instanceof Distiller)) {
                    throw new IllegalArgumentException(t.getClass().getSimpleName() + " cannot distill");
                }
            }
            Map<ModelArchitecture, List<String>> groups = new LinkedHashMap<>();
            Map<ModelArchitecture, Federation> federations = new LinkedHashMap<>();
            Map<ModelArchitecture, ModelWeights> global = new LinkedHashMap<>();
            for (ModelArchitecture a : models.keySet()) {
                List<String> ids = assigned.entrySet().stream().filter(e -> e.getValue() == a).map(Map.Entry::getKey).toList();
                groups.put(a, ids);
                federations.put(a, federation(spec, data, proxy, trainers.get(a), ids, test, null));
                global.put(a, trainers.get(a).initialWeights(spec.seed()));
                listener.phase("  " + a.id() + " (" + models.get(a) + "): sites " + ids);
            }

            List<FedDfResult.Round> log = new ArrayList<>();
            Map<ModelArchitecture, ModelWeights> averages = new LinkedHashMap<>();
            for (int round = 1; round <= spec.rounds(); round++) {
                long t0 = System.nanoTime();
                List<Predictions> members = new ArrayList<>();
                for (ModelArchitecture a : models.keySet()) {
                    RoundResult r = federations.get(a).runRound(round, global.get(a));
                    averages.put(a, r.global());
                    members.add(trainers.get(a).predict(r.global(), proxy.inputs()));
                }
                float[] targets = EnsembleTargets.soften(members, fedDf.distill().temperature());
                Map<String, Double> before = new LinkedHashMap<>();
                Map<String, Double> after = new LinkedHashMap<>();
                int g = 0;
                for (ModelArchitecture a : models.keySet()) {
                    Distiller d = (Distiller) trainers.get(a);
                    ModelWeights distilled = d.distill(averages.get(a), proxy.inputs(), targets,
                            fedDf.distill().withSeed(Seeds.mix(spec.seed(), DISTILL_STREAM + round, g++))).weights();
                    global.put(a, distilled);
                    before.put(a.id(), Evaluations.evaluate(trainers.get(a), averages.get(a), test).metrics().accuracy());
                    after.put(a.id(), Evaluations.evaluate(trainers.get(a), distilled, test).metrics().accuracy());
                }
                FedDfResult.Round r = new FedDfResult.Round(round, before, after, (System.nanoTime() - t0) / 1e9);
                log.add(r);
                listener.phase(describe(r, spec.rounds()));
            }

            EvaluationResult ensemble = ensemble(trainers, averages, test);
            List<FedDfResult.Architecture> outcome = new ArrayList<>();
            for (ModelArchitecture a : models.keySet()) {
                LocalTrainer t = trainers.get(a);
                EvaluationResult reference = null;
                if (spec.baselines()) {
                    listener.phase("reference: FedAvg with all " + data.sites().size() + " sites on " + a.id());
                    reference = federation(spec, data, proxy, t, data.siteIds(), test, listener)
                            .run(t.initialWeights(spec.seed())).lastRound().globalEvaluation();
                }
                outcome.add(new FedDfResult.Architecture(a, models.get(a), groups.get(a), global.get(a),
                        Evaluations.evaluate(t, global.get(a), test), Evaluations.evaluate(t, averages.get(a), test), reference));
            }
            return new FedDfResult(spec, fedDf, data, proxy.size(), outcome, ensemble, log, (System.nanoTime() - start) / 1e9);
        } finally {
            trainers.values().forEach(LocalTrainer::close);
        }
    }

    /** FedAvg over {@code siteIds}, all training {@code trainer}'s model on their data less the proxy examples. */
    private static Federation federation(StudySpec spec, FederatedData data, ProxyData proxy, LocalTrainer trainer, List<String> siteIds,
                                         LabeledSamples test, SimulationListener listener) {
        StudyAssembly study = StudyAssembly.assemble(spec, StudyRuntime.SIMULATION, spec.training(), siteIds, m -> { });
        List<SiteClient> sites = new ArrayList<>();
        for (SiteData s : data.sites()) {
            if (siteIds.contains(s.siteId())) {
                sites.add(new LocalSite(s.siteId(), trainer, proxy.siteTrain().get(s.siteId()), null, s.test(), s.completeness()));
            }
        }
        Federation.Builder b = Federation.builder().strategy(study.strategy()).sites(sites).rounds(spec.rounds())
                .federatedEvaluationEvery(0);
        if (listener != null) {
            b.globalEvaluator(w -> Evaluations.evaluate(trainer, w, test)).listener(listener);
        }
        return b.build();
    }

    /** The ensemble of the group averages on the test set: mean log-probabilities, renormalized (T = 1). */
    private static EvaluationResult ensemble(Map<ModelArchitecture, LocalTrainer> trainers, Map<ModelArchitecture, ModelWeights> averages,
                                             LabeledSamples test) {
        List<Predictions> members = new ArrayList<>();
        trainers.forEach((a, t) -> members.add(t.predict(averages.get(a), test)));
        float[] p = EnsembleTargets.soften(members, 1.0);
        int k = test.numClasses();
        double loss = 0;
        for (int i = 0; i < test.size(); i++) {
            loss -= Math.log(Math.max(p[i * k + test.labels()[i]], 1e-30));
        }
        return new EvaluationResult(loss / test.size(), ClassificationMetrics.of(test.labels(), p, k));
    }

    private static String describe(FedDfResult.Round r, int rounds) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "round %3d/%d ", r.round(), rounds));
        r.averageAccuracy().forEach((a, acc) -> b.append(String.format(Locale.ROOT, " %s avg %.4f -> distilled %.4f ", a, acc,
                r.distilledAccuracy().get(a))));
        return b.append(String.format(Locale.ROOT, " %.2f s", r.seconds())).toString();
    }
}

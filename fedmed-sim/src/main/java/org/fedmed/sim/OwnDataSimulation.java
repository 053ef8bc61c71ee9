package org.fedmed.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fedmed.core.contribution.ContributionRecorder;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.PersonalModel;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.secure.SecureAggregation;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.SiteData;
import org.fedmed.study.ContributionValues;
import org.fedmed.study.StudyAssembly;
import org.fedmed.study.StudyRuntime;
import org.fedmed.study.StudySpec;
import org.fedmed.study.explain.ExplanationBudget;
import org.fedmed.study.explain.Explanations;
import org.fedmed.study.explain.StudyExplainer;
import org.fedmed.study.explain.TabularExplainer;
import org.fedmed.study.explain.TabularExplanation;
import org.fedmed.study.prep.OwnDataSite;
import org.fedmed.study.prep.OwnDataStudy;
import org.fedmed.study.prep.PreprocessingFit;
import org.fedmed.study.prep.SiteStatistics;

/**
 * An own-data study simulated in one JVM: each simulated hospital reads its own CSV file, the
 * statistics step merges their {@link SiteStatistics} and fits the preprocessing exactly as a
 * coordinator does ({@link PreprocessingFit#fit}), and the rounds run over the sites that
 * contributed, evaluated on their own test splits. Given the same files in the same site order, it
 * gives the weights a deployment of the study gives.
 */
public final class OwnDataSimulation {

    /**
     * @param fit     the statistics step's outcome: the fitted preprocessing and which sites make up the study
     * @param model   the model built for the columns kept
     * @param strategy the strategy's name as reports show it
     * @param explanations the final model explained by each site on its own rows (study key {@code explain}), or null
     * @param contribution the sites' contribution values (study key {@code contribution}), or null
     * @param personal     each site's personal model on its own test split (study key {@code finetune_epochs}), by site
     */
    public record Result(PreprocessingFit fit, ModelSpec model, String strategy, FederationResult federation,
                         Explanations explanations, ContributionValues contribution, Map<String, EvaluationResult> personal) {
    }

    private OwnDataSimulation() {
    }

    /**
     * @param siteFiles site id → its CSV file, in the federation's site order (a deployment orders its
     *                  sites by id); a site whose file cannot serve the study is left out with the reason
     */
    public static Result run(StudySpec spec, Map<String, Path> siteFiles, Function<ModelSpec, LocalTrainer> trainerFactory,
                             SimulationListener listener) {
        OwnDataStudy study = spec.ownData();
        if (study == null) {
            throw new IllegalArgumentException("an own-data simulation needs the study's data section (label, classes, features)");
        }
        if (spec.baselines()) {
            throw new IllegalArgumentException("baselines are not trained for a simulation on the hospitals' own files yet;"
                    + " set baselines: false (or leave it out)");
        }
        if (spec.dittoLambda() != null) {
            throw new IllegalArgumentException("Ditto personal models (ditto_lambda) are not simulated for own-data studies yet; use"
                    + " a bundled dataset, or finetune_epochs");
        }
        if (spec.sampleDp() != null) {
            throw new IllegalArgumentException("sample-level DP is not simulated for own-data studies yet; use dp_level client");
        }
        siteFiles.forEach((site, file) -> {
            // a simulation's files are the user's configuration: a missing one stops it (a deployed node would be left out)
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("site_files: the file of " + site + ", " + file.toAbsolutePath()
                        + ", does not exist or is not a readable file");
            }
        });
        Map<String, SiteStatistics> answered = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (var e : siteFiles.entrySet()) {
            try {
                answered.put(e.getKey(), OwnDataSite.statistics(e.getValue(), study));
            } catch (IllegalArgumentException x) {
                failed.put(e.getKey(), x.getMessage());
            }
        }
        PreprocessingFit fit = PreprocessingFit.fit(study, new ArrayList<>(siteFiles.keySet()), answered, failed);
        fit.excluded().forEach((site, why) -> listener.phase(site + " is not part of this study: " + why));
        StudyAssembly assembly = StudyAssembly.assemble(spec, StudyRuntime.SIMULATION, spec.training(), fit.sites(), listener::phase);
        assembly.robustRule().filter(r -> r.rootExamples() > 0).ifPresent(r -> {
            throw new IllegalArgumentException("aggregator " + spec.aggregator() + " needs a root dataset held by the coordinator;"
                    + " a simulation over the sites' own files has none (use it with a bundled dataset)");
        });
        ModelSpec model = assembly.model(study.inputShape(fit.preprocessing().keptColumns().length),
                study.schema().table().classes().size());
        listener.phase(String.format("own data: %d sites, %d of %d columns kept, model %s, strategy %s", fit.sites().size(),
                fit.preprocessing().keptColumns().length, fit.preprocessing().inputNames().size(), model,
                assembly.strategy().name()));
        if (spec.explain() != null) {
            StudyExplainer.check(model.architecture(), model.numClasses());
        }
        try (LocalTrainer trainer = trainerFactory.apply(model)) {
            ModelWeights initial = trainer.initialWeights(spec.seed());
            assembly.checkModel(model, initial);
            List<SiteClient> localSites = new ArrayList<>(); // the sites themselves; the federation may see them wrapped
            Map<String, LabeledSamples> train = new LinkedHashMap<>();
            List<LabeledSamples> tests = new ArrayList<>();
            for (String site : fit.sites()) {
                SiteData d = OwnDataSite.prepared(site, siteFiles.get(site), study.schema(), fit.preprocessing())
                        .withShape(model.inputShape());
                localSites.add(new LocalSite(site, trainer, d.train(), null, d.test(), d.completeness()));
                train.put(site, d.train());
                tests.add(d.test());
            }
            // contribution: each coalition's model scored on the sites' test splits together, as a deployment pools the
            // sites' own evaluations of it
            ContributionRecorder recorder = spec.contribution() == null ? null
                    : ContributionValues.recorder(spec, assembly.strategy(), trainer, LabeledSamples.concat(tests));
            List<SiteClient> sites = localSites;
            SecureAggregation secure = null;
            if (spec.secure() != null) {
                SimulatedSecureSites wrapped = SimulatedSecureSites.wrap(assembly, sites);
                sites = wrapped.sites();
                secure = wrapped.aggregation();
                listener.phase("secure aggregation: " + secure.describe(sites.size()));
            }
            FederationResult result = Federation.builder()
                    .strategy(recorder != null ? recorder : assembly.strategy())
                    .secureAggregation(secure)
                    .secureGroups(spec.secure() == null ? 1 : spec.secure().groups())
                    .sites(sites)
                    .rounds(spec.rounds())
                    .listener(listener)
                    .build()
                    .run(initial);
            ContributionValues contribution = recorder == null ? null
                    : ContributionValues.of(spec, recorder, fit.sites(), false).scoredBy("accuracy on the sites' test splits"
                    + " together (a deployment pools the sites' own evaluations of each coalition's model)", "own data: the"
                    + " coordinator holds no data; each coalition's model is scored on the study sites' test splits");
            Explanations explanations = spec.explain() == null || result.rounds().isEmpty() ? null
                    : explain(spec, trainer, result.finalWeights(), train, fit.preprocessing().outputNames(), assembly, listener);
            // personal models: each site fine-tunes the final model as a deployed node does after the last round
            Map<String, EvaluationResult> personal = new LinkedHashMap<>();
            if (spec.finetuneEpochs() > 0 && !result.rounds().isEmpty()) {
                int last = result.lastRound().round();
                for (SiteClient site : localSites) {
                    personal.put(site.siteId(), site.personalize(last, result.finalWeights(),
                            PersonalModel.fineTuning(spec.training(), spec.finetuneEpochs(), spec.seed(), site.siteId())).evaluation().result());
                }
            }
            return new Result(fit, model, assembly.strategy().name(), result, explanations, contribution, personal);
        }
    }

    /** Each site explains the final model on its own training rows, in clear or under the study's client-level DP. */
    private static Explanations explain(StudySpec spec, LocalTrainer trainer, ModelWeights weights, Map<String, LabeledSamples> train,
                                        List<String> features, StudyAssembly assembly, SimulationListener listener) {
        // own-data simulations refuse sample-level DP, so the sites' ledger is never needed here
        ExplanationBudget budget = ExplanationBudget.of(spec, null,
                assembly.clientDp() == null ? null : assembly.clientDp().ledger().clientLevel());
        TabularExplanation t = new TabularExplainer(spec.explain(), spec.seed(), trainer, spec.ownData().schema().table().classes())
                .explain(weights, train, features, null, null, budget, listener::phase);
        return new Explanations(Explanations.KERNEL_SHAP, t, List.of());
    }
}

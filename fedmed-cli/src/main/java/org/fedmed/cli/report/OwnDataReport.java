package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.coordinator.PooledEvaluation;
import org.fedmed.study.ContributionValues;
import org.fedmed.study.explain.Explanations;
import org.fedmed.study.prep.OwnDataStudy;
import org.fedmed.study.prep.PreprocessingFit;

/**
 * report.json of an own-data deployment: the simulation's layout where it applies, with the
 * federated preprocessing and a federated evaluation. The coordinator holds no test set, so
 * {@code global_test} is null and every "test" figure is the global model on the union of the
 * sites' own test splits, pooled from their confusion counts ({@link PooledEvaluation}); ROC AUC is
 * reported per site only. No baselines: they need pooled data.
 */
public final class OwnDataReport {

    /** What report.json says about how the models were evaluated. */
    public static final String EVALUATION = "federated: each site evaluates the global model on its own held-out test split"
            + " (a stratified site_test_fraction of its records); the coordinator has no global test set. Test figures per round"
            + " and 'final.federated' pool the sites' confusion counts; ROC AUC cannot be pooled from them and is given per site"
            + " ('per_site') and as the sites' mean weighted by test records ('mean_site_roc_auc').";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OwnDataReport() {
    }

    public static String json(CoordinatorConfig cfg, Coordinator.Outcome o) {
        return json(cfg, o, (PrivacyReport) null);
    }

    /** The report, with the sample-level privacy the sites reported (null: no DP). */
    public static String json(CoordinatorConfig cfg, Coordinator.Outcome o, PrivacyReport privacy) {
        return json(cfg, o, privacy, null, null);
    }

    /** The report of {@code c}'s finished study, with everything it computed beside the rounds. */
    public static String json(CoordinatorConfig cfg, Coordinator.Outcome o, Coordinator c) {
        ObjectNode t = tree(cfg, o, c.privacyReport(), c.explanations(), c.contributionValues());
        if (!c.personalModels().isEmpty()) {
            t.set("personalization", PersonalizationReport.json(cfg.study(), c.personalModels(), perSite(o), Map.of(), Map.of(),
                    false));
        }
        return ReportJson.write(t);
    }

    /**
     * The report, with the sites' privacy (null: no DP), the final model's explanations (null: none) and the
     * sites' contribution values (null: none).
     */
    public static String json(CoordinatorConfig cfg, Coordinator.Outcome o, PrivacyReport privacy, Explanations explanations,
                              ContributionValues contribution) {
        return ReportJson.write(tree(cfg, o, privacy, explanations, contribution));
    }

    private static ObjectNode tree(CoordinatorConfig cfg, Coordinator.Outcome o, PrivacyReport privacy, Explanations explanations,
                                   ContributionValues contribution) {
        ObjectNode t = tree(cfg, o);
        if (privacy != null) {
            t.set("privacy", ReportJson.privacy(privacy, o.preprocessing().sites()));
        }
        if (contribution != null) {
            t.set("contribution", ContributionReport.json(contribution));
        }
        ExplanationSection.addTo(t, explanations);
        return t;
    }

    /** The study's settings; the number of sites is the study's, and there is no global test fraction. */
    static ObjectNode config(CoordinatorConfig cfg, PreprocessingFit fit) {
        ObjectNode c = ReportJson.config(cfg.study());
        c.put("sites", fit.sites().size());
        c.remove("test_fraction");
        return c;
    }

    /** The final round's per-site evaluations, by site. */
    static Map<String, EvaluationResult> perSite(Coordinator.Outcome o) {
        Map<String, EvaluationResult> out = new LinkedHashMap<>();
        if (!o.federation().rounds().isEmpty()) {
            for (SiteEvaluation e : o.federation().lastRound().siteEvaluations()) {
                out.put(e.siteId(), e.result());
            }
        }
        return out;
    }

    static ObjectNode tree(CoordinatorConfig cfg, Coordinator.Outcome o) {
        OwnDataStudy study = cfg.ownData();
        PreprocessingFit fit = o.preprocessing();
        TabularPreprocessor p = fit.preprocessing();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("dataset", cfg.study().dataset());
        root.put("strategy", o.strategy());
        root.put("aggregation", o.aggregation());
        root.put("seed", cfg.study().seed());
        root.put("model", o.model().toString());
        root.set("config", config(cfg, fit));
        ObjectNode data = root.putObject("data");
        data.put("label", study.schema().table().label());
        data.set("features_declared", study.schema().table().declaresFeatures()
                ? MAPPER.valueToTree(study.schema().table().features()) : null);
        data.put("site_test_fraction", study.schema().siteTestFraction());
        data.put("min_rows", study.minRows());
        root.put("preprocessing", p.describe());
        ObjectNode fitted = root.putObject("preprocessing_fit");
        fitted.set("input_columns", MAPPER.valueToTree(p.inputNames()));
        fitted.set("kept_columns", MAPPER.valueToTree(p.outputNames()));
        fitted.set("dropped_columns", MAPPER.valueToTree(p.droppedColumns()));
        fitted.put("means", p.standardizer().features());
        fitted.put("stds", p.standardizer().features());
        fitted.put("train_rows", p.trainRows());
        fitted.put("max_missing_share", p.maxMissingShare());
        root.set("classes", MAPPER.valueToTree(study.schema().table().classes()));
        root.put("evaluation", EVALUATION);

        Map<String, EvaluationResult> perSite = perSite(o);
        ArrayNode sites = root.putArray("sites");
        for (String id : fit.sites()) {
            ObjectNode n = sites.addObject();
            n.put("id", id);
            n.put("train_samples", fit.siteRows().get(id));
            EvaluationResult e = perSite.get(id);
            if (e != null) {
                n.put("test_samples", e.samples());
                ObjectNode counts = n.putObject("test_label_counts");
                long[][] c = e.metrics().confusion();
                for (int k = 0; k < c.length; k++) {
                    counts.put(study.schema().table().classes().get(k), Arrays.stream(c[k]).sum());
                }
            }
        }
        root.set("excluded_sites", MAPPER.valueToTree(fit.excluded()));
        root.putNull("global_test");

        ArrayNode rounds = root.putArray("rounds");
        for (RoundResult rr : o.federation().rounds()) {
            ObjectNode n = rounds.addObject();
            EvaluationResult pooled = PooledEvaluation.of(rr.siteEvaluations());
            n.put("round", rr.round());
            ReportJson.number(n, "train_loss", rr.trainLoss());
            ReportJson.number(n, "test_loss", pooled == null ? Double.NaN : pooled.loss());
            ReportJson.number(n, "test_accuracy", pooled == null ? Double.NaN : pooled.metrics().accuracy());
            n.putNull("test_roc_auc");
            ReportJson.number(n, "mean_site_roc_auc", PooledEvaluation.meanSiteRocAuc(rr.siteEvaluations()));
            ReportJson.roundFacts(n, rr);
        }
        ReportJson.federationSections(root, o.federation().rounds());
        ObjectNode fin = root.putObject("final");
        EvaluationResult pooled = PooledEvaluation.of(List.copyOf(o.federation().rounds().isEmpty() ? List.of()
                : o.federation().lastRound().siteEvaluations()));
        if (pooled != null) {
            fin.set("federated", ReportJson.metrics(pooled));
        } else {
            fin.putNull("federated");
        }
        fin.putNull("centralized");
        fin.putNull("local_only");
        root.set("per_site", ReportJson.metricsBySite(perSite));
        ObjectNode totals = root.putObject("totals");
        totals.put("rounds", o.federation().rounds().size());
        totals.put("bytes_to_sites", o.federation().rounds().stream().mapToLong(RoundResult::bytesToSites).sum());
        totals.put("bytes_from_sites", o.federation().rounds().stream().mapToLong(RoundResult::bytesFromSites).sum());
        ReportJson.number(totals, "federation_seconds", o.federation().rounds().stream().mapToDouble(RoundResult::seconds).sum());
        ReportJson.number(totals, "total_seconds", o.seconds());
        totals.put("model_parameters", o.federation().finalWeights().size());
        return root;
    }
}

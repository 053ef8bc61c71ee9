package org.fedmed.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.federation.SecureRoundInfo;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.metrics.OperatingThreshold;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.SiteData;
import org.fedmed.sim.OperatingPoint;
import org.fedmed.sim.SimulationResult;
import org.fedmed.sim.attack.AttackOutcome;
import org.fedmed.study.StudySpec;

/**
 * report.json: the machine-readable record of a study. Undefined values (an AUC with one class
 * present, say) are written as null, never as the non-JSON token NaN.
 */
public final class ReportJson {

    /** Why a client-level DP report names no participants and has no per-site metrics or train loss. */
    public static final String WITHHELD_NOTE = "withheld under client-level DP: participants, per-site metrics and the train loss"
            + " are computed without noise, and naming who took part voids the amplification by sampling";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    public static String render(SimulationResult r) {
        return write(tree(r));
    }

    public static ObjectNode tree(SimulationResult r) {
        StudySpec s = r.spec();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("dataset", s.dataset());
        root.put("strategy", r.strategyName());
        root.put("aggregation", r.aggregation());
        root.put("seed", s.seed());
        root.put("partition", s.partition());
        root.put("model", r.model().toString());
        root.set("config", config(s));
        root.put("preprocessing", r.data().preprocessing());
        root.set("classes", MAPPER.valueToTree(r.data().globalTest().classNames()));

        ArrayNode sites = root.putArray("sites");
        for (SiteData site : r.data().sites()) {
            ObjectNode n = sites.addObject();
            n.put("id", site.siteId());
            n.put("train_samples", site.train().size());
            n.put("test_samples", site.test().size());
            n.set("label_counts", labelCounts(site.train()));
            n.set("test_label_counts", labelCounts(site.test()));
            number(n, "completeness", site.completeness());
        }
        ObjectNode globalTest = root.putObject("global_test");
        globalTest.put("samples", r.data().globalTest().size());
        globalTest.set("label_counts", labelCounts(r.data().globalTest()));

        ArrayNode rounds = root.putArray("rounds");
        for (RoundResult rr : r.federation().rounds()) {
            ObjectNode n = rounds.addObject();
            n.put("round", rr.round());
            number(n, "train_loss", rr.trainLoss());
            EvaluationResult g = rr.globalEvaluation();
            number(n, "test_loss", g == null ? Double.NaN : g.loss());
            if (g != null && g.isSurvival()) {
                number(n, "test_c_index", g.survival().cIndex());
            } else {
                number(n, "test_accuracy", g == null ? Double.NaN : g.metrics().accuracy());
                number(n, "test_roc_auc", g == null ? Double.NaN : g.metrics().rocAuc());
            }
            roundFacts(n, rr);
        }

        ObjectNode fin = root.putObject("final");
        fin.set("federated", metrics(r.federated()));
        if (r.roc() != null) {
            ObjectNode roc = fin.putObject("federated_roc");
            roc.put("positive_class", r.data().globalTest().classNames().get(1));
            roc.set("fpr", MAPPER.valueToTree(r.roc().fpr()));
            roc.set("tpr", MAPPER.valueToTree(r.roc().tpr()));
        }
        if (r.operatingPoint() != null) {
            fin.set("federated_operating_point", operatingPoint(r.operatingPoint()));
        }
        if (r.isSurvival()) {
            SurvivalReport.json(fin, r);
        }
        if (r.hasBaselines()) {
            fin.set("centralized", metrics(r.centralized()));
            fin.set("local_only", metricsBySite(r.localOnly()));
            root.set("local_only_own_test", metricsBySite(r.localOnlyOwnTest()));
        } else {
            fin.putNull("centralized");
            fin.putNull("local_only");
        }
        if (r.attack() != null) {
            ObjectNode a = fin.putObject("attack");
            number(a, "backdoor_success", r.attack().backdoorSuccess());
            a.put("backdoor_target", r.data().globalTest().classNames().get(r.attack().target()));
            a.put("backdoor_trigger", r.attack().trigger());
            if (r.attack().attack() != null) {
                root.set("attack", attack(r.attack()));
            }
        }
        root.set("per_site", metricsBySite(r.perSite()));
        if (!r.personal().isEmpty()) {
            root.set("personalization", PersonalizationReport.json(r));
        }
        if (r.contribution() != null) {
            root.set("contribution", ContributionReport.json(r.contribution()));
        }
        if (r.federation().rounds().stream().anyMatch(RoundResult::siteDetailsWithheld)) {
            root.put("site_details", WITHHELD_NOTE);
        }
        if (r.privacy() != null) {
            root.set("privacy", privacy(r.privacy(), r.data().siteIds()));
        }
        ExplanationSection.addTo(root, r.explanations());
        federationSections(root, r.federation().rounds());
        ObjectNode totals = root.putObject("totals");
        totals.put("rounds", r.federation().rounds().size());
        totals.put("bytes_to_sites", r.federation().rounds().stream().mapToLong(RoundResult::bytesToSites).sum());
        totals.put("bytes_from_sites", r.federation().rounds().stream().mapToLong(RoundResult::bytesFromSites).sum());
        number(totals, "federation_seconds", r.federation().rounds().stream().mapToDouble(RoundResult::seconds).sum());
        number(totals, "total_seconds", r.seconds());
        totals.put("model_parameters", r.federation().finalWeights().size());
        return root;
    }

    /** A round's time, traffic, participants, failures and per-site accuracy: what every report's round rows share. */
    static void roundFacts(ObjectNode n, RoundResult rr) {
        number(n, "seconds", rr.seconds());
        n.put("bytes_to_sites", rr.bytesToSites());
        n.put("bytes_from_sites", rr.bytesFromSites());
        n.set("participants", MAPPER.valueToTree(rr.participants()));
        if (rr.siteDetailsWithheld()) {
            n.put("site_details_withheld", true);
        }
        n.put("aggregated", rr.aggregated());
        if (!rr.failures().isEmpty()) {
            n.set("failures", MAPPER.valueToTree(rr.failures()));
        }
        boolean survival = rr.siteEvaluations().stream().anyMatch(e -> e.result().isSurvival());
        ObjectNode siteScore = n.putObject(survival ? "site_c_index" : "site_accuracy");
        rr.siteEvaluations().forEach(e -> number(siteScore, e.siteId(),
                e.result().isSurvival() ? e.result().survival().cIndex() : e.result().metrics().accuracy()));
        SecureRoundInfo sec = rr.secure();
        if (sec != null) {
            ObjectNode x = n.putObject("secure_aggregation");
            x.put("participants", sec.participants());
            x.put("summed", sec.summed());
            x.set("recovered", MAPPER.valueToTree(sec.recovered()));
            if (!sec.tampering().isEmpty()) {
                x.set("tampering", MAPPER.valueToTree(sec.tampering()));
            }
            x.put("protocol_bytes_to_sites", sec.bytesToSites());
            x.put("protocol_bytes_from_sites", sec.bytesFromSites());
        }
        ScreeningReport.round(n, rr);
    }

    /** The sections every report derives from its rounds: secure aggregation and screening, when the study had them. */
    static void federationSections(ObjectNode root, List<RoundResult> rounds) {
        ObjectNode secure = secureSummary(rounds);
        if (secure != null) {
            root.set("secure_aggregation", secure);
        }
        ObjectNode screening = ScreeningReport.summary(rounds);
        if (screening != null) {
            root.set("screening", screening);
        }
    }

    /**
     * The study's secure aggregation over all rounds, or null when updates arrived in the clear:
     * the protection and its parameters, the dropouts it recovered, rounds it aborted, and the
     * bytes a site sent per round (its masked update and the protocol's messages).
     */
    static ObjectNode secureSummary(List<RoundResult> rounds) {
        List<RoundResult> secured = rounds.stream().filter(r -> r.secure() != null).toList();
        if (secured.isEmpty()) {
            return null;
        }
        ObjectNode n = MAPPER.createObjectNode();
        SecureRoundInfo first = secured.get(0).secure();
        n.put("protection", first.protection());
        n.put("parameters", first.parameters());
        n.put("rounds_summed", secured.size());
        n.put("rounds_without_sum", rounds.size() - secured.size());
        n.put("dropouts_recovered", secured.stream().mapToInt(r -> r.secure().recovered().size()).sum());
        n.put("tampering_detected", secured.stream().mapToInt(r -> r.secure().tampering().size()).sum());
        long sent = 0;
        long siteRounds = 0;
        for (RoundResult r : secured) {
            sent += r.bytesFromSites();
            siteRounds += r.secure().participants();
        }
        n.put("bytes_per_site_per_round", siteRounds == 0 ? 0 : sent / siteRounds);
        return n;
    }

    /**
     * Client level: every site's contribution carries the study's guarantee, so ε per site equals the
     * study's. Sample level: each site has its own ε (its own data size), the study's is the largest.
     */
    static ObjectNode privacy(PrivacyReport p, List<String> siteIds) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("level", p.level());
        n.put("mechanism", p.mechanism());
        n.put("delta", p.delta());
        n.put("conversion", p.conversion().name().toLowerCase());
        number(n, "epsilon", p.finalEpsilon());
        ArrayNode rounds = n.putArray("rounds");
        for (PrivacyReport.Round round : p.rounds()) {
            ObjectNode x = rounds.addObject();
            x.put("round", round.round());
            number(x, "sampling_rate", round.samplingRate());
            number(x, "noise_multiplier", round.noiseMultiplier());
            number(x, "clip_norm", round.clipNorm());
            x.put("participants", round.participants());
            number(x, "epsilon", round.epsilon());
            if (!round.siteEpsilon().isEmpty()) {
                ObjectNode sites = x.putObject("per_site");
                siteIds.forEach(s -> {
                    Double e = round.siteEpsilon().get(s);
                    number(sites, s, e == null ? 0.0 : e);
                });
            }
        }
        ObjectNode perSite = n.putObject("per_site");
        if (p.sites().isEmpty()) {
            siteIds.forEach(s -> number(perSite, s, p.finalEpsilon()));
        } else {
            ObjectNode detail = n.putObject("sites");
            p.sites().forEach((site, s) -> {
                number(perSite, site, s.epsilon());
                ObjectNode d = detail.putObject(site);
                d.put("training_examples", s.trainingExamples());
                number(d, "sampling_rate", s.samplingRate());
                d.put("steps_per_round", s.stepsPerRound());
                number(d, "noise_multiplier", s.noiseMultiplier());
                d.put("rounds_trained", s.roundsTrained());
                number(d, "epsilon", s.epsilon());
                d.put("budget_reached", s.budgetReached());
            });
        }
        return n;
    }

    /** The attack section: which attack, its parameter (null: its default), the share asked for and the sites drawn. */
    static ObjectNode attack(AttackOutcome o) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("attack", o.attack().name());
        ObjectNode params = n.putObject("params");
        number(params, "parameter", o.parameter());
        params.put("malicious_fraction", o.attack().malicious());
        n.set("malicious_sites", MAPPER.valueToTree(o.maliciousSites()));
        return n;
    }

    static ObjectNode config(StudySpec s) {
        TrainingConfig t = s.training();
        ObjectNode c = MAPPER.createObjectNode();
        c.put("sites", s.sites());
        c.put("rounds", s.rounds());
        c.put("local_epochs", t.localEpochs());
        if (t.localSteps() > 0) {
            c.put("local_steps", t.localSteps());
        }
        c.put("batch_size", t.batchSize());
        c.put("lr", t.learningRate());
        c.put("optimizer", t.optimizer().name().toLowerCase());
        c.put("momentum", t.momentum());
        c.put("weight_decay", t.weightDecay());
        c.put("lr_schedule", s.schedule());
        c.put("balance_classes", t.balanceClasses());
        if (!t.augment().isNone()) {
            c.put("augment", t.augment().toString());
        }
        c.set("strategy_params", MAPPER.valueToTree(s.strategyParams()));
        c.put("weighting", s.weighting().id());
        c.put("aggregator", s.aggregator());
        c.put("fraction", s.sampler().fraction());
        c.put("min_sites", s.sampler().minSites());
        c.put("test_fraction", s.testFraction());
        c.put("site_test_fraction", s.siteTestFraction());
        if (s.targetSensitivity() != null) {
            c.put("target_sensitivity", s.targetSensitivity());
            c.put("validation_share", s.heldOutShare());
        }
        if (s.finetuneEpochs() > 0) {
            c.put("finetune_epochs", s.finetuneEpochs());
        }
        if (s.dittoLambda() != null) {
            c.put("ditto_lambda", s.dittoLambda());
        }
        // where the model started and what stayed fixed or local: a reader of the report must know
        if (s.initFrom() != null) {
            c.put("init_from", s.initFrom().toString());
        }
        if (!s.freeze().isEmpty()) {
            c.put("freeze", String.join(",", s.freeze()));
        }
        if (!s.localLayers().isEmpty()) {
            c.put("local_layers", String.join(",", s.localLayers()));
        }
        return c;
    }

    /**
     * The final federated model at the threshold chosen on the sites' validation data: the threshold, its
     * target and whether it was met, the pooled validation figures it was chosen on, and the test-set
     * metrics at it (M without the loss, which no threshold changes).
     */
    static ObjectNode operatingPoint(OperatingPoint op) {
        OperatingThreshold t = op.threshold();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("threshold", t.threshold());
        n.put("target_sensitivity", t.targetSensitivity());
        n.put("target_met", t.targetMet());
        ObjectNode v = n.putObject("validation");
        v.put("sites", op.sites());
        v.put("positives", t.validationPositives());
        v.put("negatives", t.validationNegatives());
        number(v, "sensitivity", t.validationSensitivity());
        number(v, "specificity", t.validationSpecificity());
        ObjectNode test = n.putObject("test");
        test.setAll(classification(op.test()));
        test.put("samples", op.test().samples());
        return n;
    }

    /**
     * M = {accuracy, precision, recall, f1, roc_auc, kappa, confusion, loss, samples}; for a survival model
     * {c_index, events, censored, loss, samples}.
     */
    public static ObjectNode metrics(EvaluationResult e) {
        if (e.isSurvival()) {
            return SurvivalReport.metrics(e);
        }
        ObjectNode n = classification(e.metrics());
        number(n, "loss", e.loss());
        n.put("samples", e.metrics().samples());
        return n;
    }

    /** M without the loss and the sample count. */
    private static ObjectNode classification(ClassificationMetrics m) {
        ObjectNode n = MAPPER.createObjectNode();
        number(n, "accuracy", m.accuracy());
        number(n, "precision", m.precision());
        number(n, "recall", m.recall());
        number(n, "f1", m.f1());
        number(n, "roc_auc", m.rocAuc());
        number(n, "kappa", m.kappa());
        if (m.numClasses() == 2) {
            // the disease class is label 1 for every bundled dataset
            number(n, "sensitivity", m.sensitivity());
            number(n, "specificity", m.specificity());
            number(n, "ppv", m.ppv());
            number(n, "npv", m.npv());
            number(n, "balanced_accuracy", m.balancedAccuracy());
        }
        n.set("confusion", MAPPER.valueToTree(m.confusion()));
        return n;
    }

    static ObjectNode metricsBySite(Map<String, EvaluationResult> bySite) {
        ObjectNode n = MAPPER.createObjectNode();
        bySite.forEach((site, e) -> n.set(site, metrics(e)));
        return n;
    }

    private static ObjectNode labelCounts(LabeledSamples s) {
        ObjectNode n = MAPPER.createObjectNode();
        long[] counts = s.labelCounts();
        List<String> names = s.classNames();
        for (int c = 0; c < counts.length; c++) {
            n.put(names.get(c), counts[c]);
        }
        return n;
    }

    static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    static String write(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render report.json", e);
        }
    }
}

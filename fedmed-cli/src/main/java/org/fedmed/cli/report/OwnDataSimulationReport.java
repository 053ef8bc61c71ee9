package org.fedmed.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.sim.OwnDataSimulation;
import org.fedmed.study.StudySpec;

/**
 * report.json of a simulated own-data study: the study, the statistics step's outcome, one row per
 * round (the same round facts as every report) and the federated model on each site's own test split.
 */
public final class OwnDataSimulationReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OwnDataSimulationReport() {
    }

    public static String json(StudySpec spec, OwnDataSimulation.Result r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("dataset", spec.dataset());
        root.put("strategy", r.strategy());
        root.put("seed", spec.seed());
        root.put("model", r.model().toString());
        root.put("evaluation", OwnDataReport.EVALUATION);
        try {
            root.set("preprocessing_fit", MAPPER.readTree(r.fit().toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the fitted preprocessing did not render", e);
        }
        ArrayNode rounds = root.putArray("rounds");
        for (RoundResult rr : r.federation().rounds()) {
            ObjectNode n = rounds.addObject();
            n.put("round", rr.round());
            if (Double.isFinite(rr.trainLoss())) {
                n.put("train_loss", rr.trainLoss());
            } else {
                n.putNull("train_loss");
            }
            ReportJson.roundFacts(n, rr);
        }
        ReportJson.federationSections(root, r.federation().rounds());
        Map<String, EvaluationResult> perSite = new LinkedHashMap<>();
        if (!r.federation().rounds().isEmpty()) {
            for (SiteEvaluation e : r.federation().lastRound().siteEvaluations()) {
                perSite.put(e.siteId(), e.result());
            }
        }
        root.set("per_site", ReportJson.metricsBySite(perSite));
        if (r.contribution() != null) {
            root.set("contribution", ContributionReport.json(r.contribution()));
        }
        if (!r.personal().isEmpty()) {
            root.set("personalization", PersonalizationReport.json(spec, r.personal(), perSite, Map.of(), Map.of(), false));
        }
        ExplanationSection.addTo(root, r.explanations());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report did not render", e);
        }
    }
}

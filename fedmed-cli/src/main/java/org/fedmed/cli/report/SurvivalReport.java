package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.metrics.KaplanMeier;
import org.fedmed.core.metrics.LogRank;
import org.fedmed.core.metrics.SurvivalSummary;
import org.fedmed.sim.RiskGroups;
import org.fedmed.sim.SimulationResult;

/**
 * report.json's survival figures: a survival model's metrics in place of the classification ones
 * (C-index with the events and censored patients it rests on), and under {@code final} the mean of
 * the sites' C-indices (FLamby's client_mean) and the risk groups' Kaplan–Meier curves and log-rank test.
 */
public final class SurvivalReport {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SurvivalReport() {
    }

    /** {c_index, events, censored, loss, samples}. */
    static ObjectNode metrics(EvaluationResult e) {
        SurvivalSummary s = e.survival();
        ObjectNode n = NODES.objectNode();
        ReportJson.number(n, "c_index", s.cIndex());
        n.put("events", s.events());
        n.put("censored", s.censored());
        ReportJson.number(n, "loss", e.loss());
        n.put("samples", s.samples());
        return n;
    }

    /** The mean of the sites' own-test C-indices, sites without a comparable pair left out; NaN for none. */
    public static double siteMeanCIndex(Map<String, EvaluationResult> perSite) {
        return perSite.values().stream().mapToDouble(e -> e.survival().cIndex()).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    /** Adds the survival sections to {@code fin}, report.json's {@code final}. */
    static void json(ObjectNode fin, SimulationResult r) {
        ReportJson.number(fin, "federated_site_mean_c_index", siteMeanCIndex(r.perSite()));
        RiskGroups g = r.riskGroups();
        if (g == null) {
            return;
        }
        ObjectNode n = fin.putObject("federated_risk_groups");
        ReportJson.number(n, "threshold", g.threshold());
        n.put("rule", RULE);
        n.set("high", curve(g.high()));
        n.set("low", curve(g.low()));
        LogRank lr = g.logRank();
        ObjectNode t = n.putObject("log_rank");
        ReportJson.number(t, "chi_square", lr.chiSquare());
        ReportJson.number(t, "p_value", lr.pValue());
        t.put("observed_high", lr.observed1());
        ReportJson.number(t, "expected_high", lr.expected1());
        t.put("observed_low", lr.observed0());
        ReportJson.number(t, "expected_low", lr.expected0());
    }

    /** How the groups were cut, in words (report.json and report.html say the same). */
    static final String RULE = "high risk: the federated model's risk score above the median of its scores on the pooled training"
            + " data (a cut fixed before the test set is seen); low risk: the others; curves on the global test set";

    private static ObjectNode curve(KaplanMeier km) {
        ObjectNode n = NODES.objectNode();
        n.put("samples", km.samples());
        int events = 0;
        for (int d : km.events()) {
            events += d;
        }
        n.put("events", events);
        n.put("censored", km.samples() - events);
        ArrayNode times = n.putArray("times");
        ArrayNode survival = n.putArray("survival");
        ArrayNode atRisk = n.putArray("at_risk");
        double[] t = km.times();
        double[] s = km.survival();
        int[] r = km.atRisk();
        for (int k = 0; k < t.length; k++) {
            times.add(t[k]);
            survival.add(s[k]);
            atRisk.add(r[k]);
        }
        return n;
    }
}

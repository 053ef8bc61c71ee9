package org.fedmed.net.approval;

import java.util.ArrayList;
import java.util.List;
import org.fedmed.net.proto.DataSchema;
import org.fedmed.net.proto.DemoSplit;
import org.fedmed.net.proto.DpSgdSettings;
import org.fedmed.net.proto.ExplainTask;
import org.fedmed.net.proto.FitTask;
import org.fedmed.net.proto.ModelDescriptor;
import org.fedmed.net.proto.StudyDescription;
import org.fedmed.net.proto.StudyTerm;

/** A study description in words: what the node would train, with which privacy, for whom. */
final class StudySummary {

    private StudySummary() {
    }

    static String of(StudyDescription d, CoordinatorIdentity c) {
        List<String> lines = new ArrayList<>();
        lines.add("study " + d.getFederation() + " from coordinator " + c.subject() + " (certificate sha256 " + c.sha256() + ", "
                + (d.getSoftware().isEmpty() ? "unknown software" : d.getSoftware()) + ")");
        ModelDescriptor m = d.getModel();
        lines.add("model: " + (m.getArchitecture().isEmpty() ? "not stated" : m.getArchitecture()) + ", " + m.getNumClasses()
                + " classes" + (m.getHiddenUnitsCount() > 0 ? ", hidden " + m.getHiddenUnitsList() : "")
                + (m.getDropout() > 0 ? ", dropout " + m.getDropout() : "")
                + (m.getFrozenCount() > 0 ? ", frozen " + m.getFrozenList() : "")
                + (m.getLocalLayersCount() > 0 ? ", kept local " + m.getLocalLayersList() : ""));
        lines.add("data: " + data(d));
        FitTask t = d.getTraining();
        lines.add("rounds: " + d.getRounds() + "; local training: " + t.getLocalEpochs() + " epoch(s), batch " + t.getBatchSize()
                + ", learning rate " + t.getLearningRate() + ", " + t.getOptimizer());
        lines.add("privacy: " + privacy(d) + "; secure aggregation: " + (d.getSecureAggregation() ? term(d, "secure_aggregation")
                : "none (the coordinator sees each update)"));
        if (d.getFinetuneEpochs() > 0) {
            lines.add("personal model: after the last round the final model is fine-tuned for " + d.getFinetuneEpochs() + " epoch(s)"
                    + " on the hospital's training data and kept in its kit; its evaluation on the hospital's test split is sent");
        }
        if (d.hasExplanation()) {
            lines.add("explanation: " + explanation(d.getExplanation()));
        }
        List<String> terms = new ArrayList<>();
        for (StudyTerm k : d.getTermsList()) {
            terms.add(k.getKey() + "=" + k.getValue());
        }
        lines.add("study keys: " + String.join(", ", terms));
        return String.join("\n  ", lines);
    }

    private static String data(StudyDescription d) {
        if (d.hasSchema()) {
            DataSchema s = d.getSchema();
            return "the hospital's own records: label " + s.getLabel() + " " + s.getClassesList() + ", "
                    + (s.getFeaturesCount() == 0 ? "every other column" : s.getFeaturesCount() + " features " + s.getFeaturesList())
                    + "; only aggregate statistics of the training rows leave the node before round 1";
        }
        if (d.hasDemoSplit()) {
            DemoSplit s = d.getDemoSplit();
            return "bundled demo dataset " + s.getDataset() + " (partition " + s.getPartition() + ", " + s.getSites() + " sites, seed "
                    + s.getSeed() + ")";
        }
        return "not stated";
    }

    private static String explanation(ExplainTask e) {
        String release = switch (e.getRelease()) {
            case "clear" -> "released without noise";
            case "sample" -> "under sample-level DP (each row's |SHAP| clipped to " + e.getClip() + ", noise multiplier "
                    + e.getNoiseMultiplier() + ", booked in this node's ledger)" + (e.getSeededNoise() ? " WITH SEEDED NOISE" : "");
            default -> "under client-level DP (clip " + e.getClip() + ", noise multiplier " + e.getNoiseMultiplier() + ")";
        };
        return "after the last round, Kernel SHAP of the final model on up to " + e.getRows() + " of the hospital's training rows"
                + " (none below " + e.getMinRows() + " rows); only the mean |SHAP| per feature leaves, " + release;
    }

    private static String privacy(StudyDescription d) {
        if (d.getTraining().hasDpSgd()) {
            DpSgdSettings dp = d.getTraining().getDpSgd();
            return "sample-level DP-SGD at the node (clip " + dp.getClipNorm() + ", noise multiplier " + dp.getNoiseMultiplier()
                    + ", delta " + dp.getDelta() + ", epsilon " + term(d, "dp_epsilon") + ")"
                    + (dp.getSeededNoise() ? " WITH SEEDED NOISE (research only: no real privacy)" : "");
        }
        if (d.getClientDp()) {
            return "client-level DP (the node clips its update to " + term(d, "dp_clip") + "; the coordinator adds noise multiplier "
                    + term(d, "dp_noise") + ", epsilon " + term(d, "dp_epsilon") + ", delta " + term(d, "dp_delta") + ")";
        }
        return "no differential privacy";
    }

    /** A study key's value as the description states it, or "not stated". */
    static String term(StudyDescription d, String key) {
        for (StudyTerm t : d.getTermsList()) {
            if (t.getKey().equals(key)) {
                return t.getValue();
            }
        }
        return "not stated";
    }
}

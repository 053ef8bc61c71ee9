package org.fedmed.net.dashboard;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.aggregate.robust.Aggregators;
import org.fedmed.study.SecureSpec;
import org.fedmed.study.StudySpec;

/** The study's settings as the dashboard lists them: strategy, secure aggregation, robustness, privacy. */
public final class StudySettings {

    private StudySettings() {
    }

    public static Map<String, String> of(StudySpec s) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("dataset", s.dataset());
        out.put("strategy", s.strategy());
        out.put("model", String.valueOf(s.architecture()).toLowerCase(Locale.ROOT));
        SecureSpec secure = s.secure();
        out.put("secure aggregation", secure == null ? "off: updates arrive in the clear"
                : String.format(Locale.ROOT, "%s (dropout tolerated %.2f, threshold %s, %d group(s))", secure.protection(), secure.dropout(),
                        secure.threshold() == 0 ? "derived" : Integer.toString(secure.threshold()), secure.groups()));
        out.put("robust aggregation", Aggregators.isMean(s.aggregator()) ? "off: weighted mean" : s.aggregator());
        if (s.clientDp() != null) {
            out.put("differential privacy", String.format(Locale.ROOT, "client level (%s noise): clip %.3g, noise multiplier %.3g, δ %.1e",
                    s.clientDp().mode(), s.clientDp().clipNorm(), s.clientDp().noiseMultiplier(), s.clientDp().delta()));
        } else if (s.sampleDp() != null) {
            out.put("differential privacy", String.format(Locale.ROOT, "sample level (DP-SGD at each site): clip %.3g, noise multiplier"
                    + " %.3g, δ %.1e", s.sampleDp().clipNorm(), s.sampleDp().noiseMultiplier(), s.sampleDp().delta()));
        } else {
            out.put("differential privacy", "off");
        }
        return out;
    }

    /** The study's ε budget: a site's under DP-SGD, the study's target under client-level DP; NaN when none. */
    public static double epsilonBudget(StudySpec s) {
        if (s.sampleDp() != null && s.sampleDp().epsilonBudget() > 0) {
            return s.sampleDp().epsilonBudget();
        }
        if (s.clientDp() != null && s.clientDp().targetEpsilon() > 0) {
            return s.clientDp().targetEpsilon();
        }
        return Double.NaN;
    }
}

package org.fedmed.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.metrics.RocCurve;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.FederatedData;
import org.fedmed.sim.attack.AttackOutcome;
import org.fedmed.study.ContributionValues;
import org.fedmed.study.StudySpec;
import org.fedmed.study.explain.Explanations;

/**
 * What a simulated study produced. Every model is evaluated on the same global held-out test set.
 *
 * @param aggregation      the round's aggregation pipeline written out (see docs/AGGREGATION.md)
 * @param federated        the final federated model on the global test set
 * @param centralized      a model trained on the pooled training data (null without baselines)
 * @param localOnly        per site, a model trained on that site alone, on the global test set
 * @param localOnlyOwnTest per site, the same local model on the site's own test set
 * @param perSite          per site, the final federated model on the site's own test set
 * @param privacy          client-level privacy spent round by round, or null without DP
 * @param attack           the attack and the final model's backdoor success rate, or null where not measured
 * @param roc              the final federated model's ROC curve on the global test set (two classes), or null
 * @param operatingPoint   the final federated model at a threshold chosen on validation data for the study's target
 *                         sensitivity (two classes, {@code target_sensitivity} set), or null
 * @param personal         per site, its personal model (the final model fine-tuned on its own data, or its Ditto
 *                         personal model) on its own test set; empty unless {@code finetune_epochs} or
 *                         {@code ditto_lambda} is set
 * @param personalRounds   per site, the rounds its Ditto personal model was trained in (the rounds it took part in);
 *                         empty without Ditto
 * @param riskGroups       survival data: the final model's test patients in high- and low-risk groups, with their
 *                         Kaplan–Meier curves and the log-rank test; null for a classifier
 * @param contribution     the sites' contribution values and rewards ({@code contribution} set), or null
 * @param explanations     the final model explained (study key {@code explain}), or null
 */
public record SimulationResult(StudySpec spec, String strategyName, String aggregation, ModelSpec model, FederatedData data,
                               FederationResult federation, EvaluationResult federated, EvaluationResult centralized,
                               Map<String, EvaluationResult> localOnly, Map<String, EvaluationResult> localOnlyOwnTest,
                               Map<String, EvaluationResult> perSite, double seconds,
                               PrivacyReport privacy, AttackOutcome attack, RocCurve roc,
                               OperatingPoint operatingPoint, Map<String, EvaluationResult> personal,
                               Map<String, Integer> personalRounds, RiskGroups riskGroups, ContributionValues contribution,
                               Explanations explanations) {

    public SimulationResult {
        personal = Collections.unmodifiableMap(new LinkedHashMap<>(personal));
        personalRounds = Collections.unmodifiableMap(new LinkedHashMap<>(personalRounds));
    }

    /** A classifier's result (no risk groups). */
    public SimulationResult(StudySpec spec, String strategyName, String aggregation, ModelSpec model, FederatedData data,
                            FederationResult federation, EvaluationResult federated, EvaluationResult centralized,
                            Map<String, EvaluationResult> localOnly, Map<String, EvaluationResult> localOnlyOwnTest,
                            Map<String, EvaluationResult> perSite, double seconds, PrivacyReport privacy, AttackOutcome attack,
                            RocCurve roc, OperatingPoint operatingPoint, Map<String, EvaluationResult> personal) {
        this(spec, strategyName, aggregation, model, data, federation, federated, centralized, localOnly, localOnlyOwnTest, perSite,
                seconds, privacy, attack, roc, operatingPoint, personal, Map.of(), null, null, null);
    }

    /** Whether the study's outcome is survival (C-index, not accuracy). */
    public boolean isSurvival() {
        return federated.isSurvival();
    }

    /** A result without the attack record (a deployment's report). */
    public SimulationResult(StudySpec spec, String strategyName, String aggregation, ModelSpec model, FederatedData data,
                            FederationResult federation, EvaluationResult federated, EvaluationResult centralized,
                            Map<String, EvaluationResult> localOnly, Map<String, EvaluationResult> localOnlyOwnTest,
                            Map<String, EvaluationResult> perSite, double seconds, PrivacyReport privacy) {
        this(spec, strategyName, aggregation, model, data, federation, federated, centralized, localOnly, localOnlyOwnTest, perSite,
                seconds, privacy, null, null, null, Map.of(), Map.of(), null, null, null);
    }

    public boolean hasBaselines() {
        return centralized != null;
    }
}

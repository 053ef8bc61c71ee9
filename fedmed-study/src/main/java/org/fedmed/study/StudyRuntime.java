package org.fedmed.study;

import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.aggregate.robust.Aggregators;
import org.fedmed.core.aggregate.robust.RobustRule;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.data.DatasetCatalog;

/**
 * Where a study runs. What a runtime cannot do yet is refused here, in one place, before anything
 * trains; everything else is assembled alike ({@link StudyAssembly}).
 */
public enum StudyRuntime {
    /** In-process simulated hospitals. */
    SIMULATION,
    /** A coordinator and hospital nodes over the network. */
    DEPLOYMENT;

    /** @throws IllegalArgumentException naming the key this runtime cannot honour */
    public void checkSupported(StudySpec spec) {
        if (this == SIMULATION) {
            return;
        }
        if (DatasetCatalog.isSurvival(spec.dataset())) {
            // the node protocol carries classification metrics only: a site's C-index and event counts have no field yet
            throw new IllegalArgumentException("dataset '" + spec.dataset() + "' is survival data, which runs in fedmed simulate only"
                    + " for now (the deployment's evaluation messages carry classification metrics)");
        }
        if (spec.weighting() == AggregationWeighting.VALIDATION_SCORE) {
            // nodes do not yet hold out validation data and report val_accuracy (see docs/DEPLOYMENT.md)
            throw new IllegalArgumentException("weighting 'validation' is not supported by the deployment yet; use samples or quality");
        }
        if (spec.clientDp() != null && spec.clientDp().parsedMode() != ClientDpStrategy.Mode.CENTRAL && spec.secure() == null) {
            throw new IllegalArgumentException("dp_mode distributed has the nodes add noise shares, which protect only their sum:"
                    + " a deployment needs secure_aggregation: secagg+ for it (or dp_mode central)");
        }
        if (spec.secure() != null && spec.secure().siteDropout() > 0) {
            throw new IllegalArgumentException("site_dropout simulates hospitals vanishing; in a deployment real nodes drop out");
        }
        var dp = spec.sampleDp();
        if (dp != null && !Double.isNaN(dp.epsilonBudget())) {
            throw new IllegalArgumentException("with dp_level: sample the budgets belong to the hospitals (fedmed node --dp-budget);"
                    + " the coordinator takes dp_noise, not dp_epsilon");
        }
        if (dp != null && Double.isNaN(dp.noiseMultiplier())) {
            throw new IllegalArgumentException("a deployment with dp_level: sample needs dp_noise: the budgets belong to the"
                    + " hospitals (fedmed node --dp-budget), so the coordinator cannot calibrate the noise to one");
        }
        if (!spec.siteFiles().isEmpty()) {
            throw new IllegalArgumentException("site_files are for simulations: in a deployment each hospital's node reads its own"
                    + " file (fedmed node --data FILE)");
        }
        if (spec.targetSensitivity() != null) {
            // nodes hold out no validation data and have no message for threshold counts yet
            throw new IllegalArgumentException("target_sensitivity is simulation only: a deployment's nodes do not yet hold out"
                    + " validation data or send threshold counts; remove target_sensitivity");
        }
        if (spec.dittoLambda() != null) {
            // a node would keep and train a second, personal model each round; nodes do not do that yet
            throw new IllegalArgumentException("ditto_lambda is simulation only for now: a deployment's nodes do not yet train"
                    + " a Ditto personal model; remove ditto_lambda");
        }
        if (spec.explain() != null && spec.ownData() != null && spec.ownData().schema().table().image() != null) {
            // saliency is drawn on test images; an own-data coordinator holds none and a node's images never leave it
            throw new IllegalArgumentException("explain: an image model is explained by saliency maps of test images at the"
                    + " coordinator; an own-data image study's coordinator holds none, and a hospital's images never leave its node;"
                    + " remove explain");
        }
        if (spec.attack() != null) {
            // attacks are a research tool of the simulation: no node offers to poison its updates
            throw new IllegalArgumentException("attack " + spec.attack().text() + " is simulation only: a deployment's hospitals"
                    + " train honestly; remove attack and malicious from the study");
        }
        int root = Aggregators.rule(spec.aggregator(), spec.seed()).map(RobustRule::rootExamples).orElse(0);
        if (root > 0) {
            // the coordinator would need its own clean examples and a trainer; only the simulation provides them so far
            throw new IllegalArgumentException("aggregator " + spec.aggregator() + " needs a root dataset of " + root + " examples held"
                    + " by the coordinator, which deployments do not load yet; use it in simulations, or screen:gain=0 / a rule"
                    + " without root data");
        }
        if (spec.baselines()) {
            throw new IllegalArgumentException("baselines need the pooled records, which a deployment's coordinator never sees;"
                    + " set baselines: false");
        }
    }
}

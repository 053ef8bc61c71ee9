package org.fedmed.net.node;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.explain.SiteExplainer;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.ConfusionMatrix;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.BudgetPolicy;
import org.fedmed.core.privacy.budget.BudgetedSite;
import org.fedmed.core.privacy.budget.NodePrivacyPolicy;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.budget.PrivacyRefusal;
import org.fedmed.core.privacy.budget.Release;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.privacy.mechanism.NoisyConfusion;
import org.fedmed.core.round.ControlVariate;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.PersonalModel;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.net.ExplainProtocol;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.study.explain.ExplanationBudget;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.SiteStatistics;

/**
 * A hospital's own guard on its patients' privacy: its ledger lives on the node's disk (so a
 * restarted node does not forget what it spent) and every DP-SGD round the coordinator asks for is
 * accounted in it. With a budget ({@code fedmed node --dp-budget}) the node decides its own privacy
 * whatever the coordinator sends ({@link NodePrivacyPolicy}): it refuses non-private training,
 * seeded noise, a clip norm above its maximum, a noise multiplier below its floor and another δ; it
 * releases an evaluation only as a noisy confusion matrix (or not at all) and the statistics step
 * only as noisy counts and sums of values clipped to the study's declared ranges; and it refuses any
 * release that would take it past the budget. Every release is booked in the ledger, and the ledger
 * written (atomically), before it leaves the node, so a crash can only over-count.
 */
final class NodePrivacy {

    static final String LEDGER_FILE = "privacy-ledger.txt";
    /** Class counts released (with noise, accounted) for balancing, kept so a restart does not release them again. */
    static final String COUNTS_FILE = "privacy-class-counts.txt";

    private final Path ledgerFile;
    private final PrivacyLedger ledger;
    private final double delta;
    private final BudgetPolicy budget;
    private final NodePrivacyPolicy policy;
    private final PrintStream progress;
    private final String siteId;
    private boolean countsSaved; // the released class counts are on disk (they never change once released)
    private OwnDataSchema statisticsFor; // the released statistics are kept: sending them again costs nothing
    private SiteStatistics released;

    /**
     * @param stateDir where the ledger file is kept (the node's kit directory)
     * @param budget   ε budget of this site at the policy's δ, or null to account without a limit
     * @param policy   what the node accepts under its budget (its δ is the ledger's in any case)
     */
    NodePrivacy(Path stateDir, Double budget, NodePrivacyPolicy policy, PrintStream progress, String siteId) {
        this.ledgerFile = stateDir.resolve(LEDGER_FILE);
        this.delta = policy.delta();
        this.budget = budget == null ? null : new BudgetPolicy(budget, delta, Conversion.IMPROVED);
        this.policy = policy;
        this.progress = progress;
        this.siteId = siteId;
        try {
            this.ledger = Files.exists(ledgerFile) ? PrivacyLedger.fromText(Files.readString(ledgerFile, StandardCharsets.UTF_8))
                    : new PrivacyLedger();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the privacy ledger " + ledgerFile + ": " + e.getMessage(), e);
        }
        double spent = ledger.siteSpent(siteId, delta, Conversion.IMPROVED).epsilon();
        progress.printf(Locale.ROOT, "[%s] privacy ledger %s: epsilon %.4f spent at delta %.1e%s%n", siteId, ledgerFile, spent, delta,
                budget == null ? " (no budget: DP-SGD rounds are accounted, non-private ones allowed)"
                        : String.format(Locale.ROOT, ", budget %.4f; non-private training, seeded noise and weaker DP refused;"
                                + " evaluation %s; statistics with noise (sigma %.3g) of values clipped to declared ranges",
                        budget, policy.evaluation() == NodePrivacyPolicy.Evaluation.OFF ? "off"
                                : String.format(Locale.ROOT, "as a noisy confusion matrix (sigma %.3g)", policy.evaluationNoise()),
                        policy.statisticsNoise()));
    }

    /** A node with the default policy at {@code delta}. */
    NodePrivacy(Path stateDir, Double budget, double delta, PrintStream progress, String siteId) {
        this(stateDir, budget, NodePrivacyPolicy.of(delta), progress, siteId);
    }

    /** The site the node runs tasks on, behind this guard. */
    Guarded guard(SiteClient site) {
        if (!(site instanceof LocalSite local)) {
            throw new IllegalStateException("the privacy guard needs the node's local site, got " + site.getClass().getSimpleName());
        }
        BudgetedSite budgeted = new BudgetedSite(site, local.train().labelCounts(), ledger, delta, budget, Double.NaN);
        double[] counts = readCounts();
        if (counts != null) {
            budgeted.reuseReleasedClassCounts(counts);
        }
        return new Guarded(site, budgeted, local.train().size());
    }

    /** {@code data} with every site it yields guarded and its statistics released under the policy. */
    NodeData guard(NodeData data) {
        NodePrivacy self = this;
        return new NodeData() {
            @Override
            public SiteClient welcomed(ModelSpec model) {
                return welcomed(model, null);
            }

            @Override
            public SiteClient welcomed(ModelSpec model, DemoAssignment demo) {
                SiteClient s = data.welcomed(model, demo);
                return s == null ? null : guard(s);
            }

            @Override
            public SiteStatistics statistics(OwnDataSchema schema, int minRows) {
                return self.statistics(data, schema, minRows);
            }

            @Override
            public SiteClient setUp(OwnDataSetup setup) {
                return guard(data.setUp(setup));
            }
        };
    }

    /** The node's site behind the guard; tells the task runner how an evaluation was released. */
    /** The policy this node announces in its hello: its own when it has a budget, else null (nothing to announce). */
    public NodePrivacyPolicy announced() {
        return budget != null ? policy : null;
    }

    final class Guarded implements SiteClient {

        private final SiteClient site;
        private final BudgetedSite budgeted;
        private final int trainRows;

        private Guarded(SiteClient site, BudgetedSite budgeted, int trainRows) {
            this.site = site;
            this.budgeted = budgeted;
            this.trainRows = trainRows;
        }

        @Override
        public String siteId() {
            return site.siteId();
        }

        @Override
        public ControlVariate controlVariate() {
            return site.controlVariate();
        }

        /** The epsilon this site's ledger has booked so far (for its audit chain). */
        public double epsilonSpent() {
            return spent();
        }

        @Override
        public SiteUpdate fit(FitInstructions instructions) {
            if (budget != null) {
                refuseIf(policy.refusal(siteId, instructions.round(), instructions.config().dpSgd()).orElse(null));
                refuseIf(policy.stagesRefusal(siteId, instructions.round(), instructions.sitePlan()).orElse(null));
            } else if (instructions.config().dpSgd() == null) {
                return site.fit(instructions);
            } else if (instructions.config().dpSgd().seededNoise()) {
                progress.printf(Locale.ROOT, "[%s] round %d asks for seeded noise: this node has no budget and trains, but the"
                        + " epsilon it books for the round is no guarantee (whoever knows the seed can subtract the noise)%n", siteId,
                        instructions.round());
            }
            SiteUpdate update = budgeted.fit(instructions);
            save(budgeted.releasedClassCounts());
            progress.printf(Locale.ROOT, "[%s] round %d trained with DP-SGD: epsilon %.4f spent at delta %.1e%s%n", siteId,
                    instructions.round(), update.metrics().get(BudgetedSite.EPSILON), delta, budget == null ? ""
                            : String.format(Locale.ROOT, " (budget %.4f)", budget.epsilonBudget()));
            return update;
        }

        /**
         * Without a budget: the exact evaluation, as before. With one: refused when the policy
         * switches evaluation off; otherwise the confusion matrix through the Gaussian mechanism
         * (booked first), without the loss and the ROC AUC, which have no noise.
         */
        @Override
        public SiteEvaluation evaluate(EvaluateInstructions instructions) {
            if (budget == null) {
                return site.evaluate(instructions);
            }
            refuseIf(policy.evaluationRefusal(siteId, instructions.round()).orElse(null));
            SiteEvaluation exact = site.evaluate(instructions);
            book(Release.once(Release.EVALUATION, instructions.round(), policy.evaluationNoise()));
            long[][] noisy = NoisyConfusion.release(exact.result().metrics().confusion(), policy.evaluationNoise(),
                    GaussianNoise.secure());
            EvaluationResult result = new EvaluationResult(Double.NaN,
                    ClassificationMetrics.fromConfusion(ConfusionMatrix.ofCounts(noisy), Double.NaN));
            progress.printf(Locale.ROOT, "[%s] round %d: evaluation released as a noisy confusion matrix (sigma %.3g): epsilon %.4f"
                    + " spent%n", siteId, instructions.round(), policy.evaluationNoise(), spent());
            return new SiteEvaluation(exact.siteId(), exact.round(), result);
        }

        /**
         * The final model explained on the site's training rows: with a budget only at sample level and
         * within the node's policy; under sample-level DP (budget or not) booked in the ledger, and the
         * ledger written, before anything is computed. A site below the study's minimum rows refuses.
         *
         * @param requestDelta the δ the task states (NaN: none)
         */
        ExplainProtocol.Received explain(ExplainRequest request, double requestDelta) {
            if (budget != null) {
                refuseIf(policy.explanationRefusal(siteId, request.round(), request.release().id(), request.seededNoise(),
                        request.noiseMultiplier(), requestDelta).orElse(null));
            }
            refuseIf(SiteExplainer.refusal(siteId, trainRows, request));
            if (request.release() != ExplainRequest.Release.SAMPLE) {
                return new ExplainProtocol.Received(site.explain(request), Double.NaN, Double.NaN);
            }
            double q = request.samplingRate(trainRows);
            book(new Release(Release.EXPLANATION, request.round(), q, request.noiseMultiplier(), 1));
            double alone = ExplanationBudget.epsilon(q, request.noiseMultiplier(), delta);
            double total = spent();
            progress.printf(Locale.ROOT, "[%s] round %d: explanation released under sample-level DP (rows sampled at rate %.3g, noise"
                    + " multiplier %s): epsilon %.4f for it, %.4f spent in all%s%n", siteId, request.round(), q, request.noiseMultiplier(),
                    alone, total, budget == null ? "" : String.format(Locale.ROOT, " (budget %.4f)", budget.epsilonBudget()));
            return new ExplainProtocol.Received(site.explain(request), alone, total);
        }

        /** The site's personal model (kept at the site: nothing is booked for it). */
        @Override
        public PersonalModel personalize(int round, ModelWeights global, TrainingConfig config) {
            return site.personalize(round, global, config);
        }

        /**
         * Whether the personal model's evaluation stays at the node: under a budget it does, since the model was
         * fine-tuned without DP and its scores on the test rows also depend on every training row.
         */
        boolean withholdsPersonalEvaluation() {
            return budget != null;
        }

        /** The noise multiplier of the evaluations this site releases (0: exact, no budget). */
        double evaluationNoise() {
            return budget == null ? 0 : policy.evaluationNoise();
        }
    }

    /**
     * The statistics step: exact aggregates without a budget; with one, refused unless every feature
     * has a declared range, and otherwise noisy aggregates of clipped values, booked before they
     * leave. Asked again for the same schema, the node sends what it released (no new cost).
     */
    synchronized SiteStatistics statistics(NodeData data, OwnDataSchema schema, int minRows) {
        if (budget == null) {
            return data.statistics(schema, minRows);
        }
        refuseIf(policy.statisticsRefusal(siteId, schema.table().features(), schema.ranges().keySet()).orElse(null));
        if (released != null && schema.equals(statisticsFor)) {
            return released;
        }
        SiteStatistics noisy = data.privateStatistics(schema, minRows, policy.statisticsNoise(), GaussianNoise.secure());
        book(Release.once(Release.STATISTICS, 0, policy.statisticsNoise()));
        progress.printf(Locale.ROOT, "[%s] statistics released with noise (sigma %.3g, values clipped to the declared ranges):"
                + " epsilon %.4f spent%n", siteId, policy.statisticsNoise(), spent());
        statisticsFor = schema;
        released = noisy;
        return noisy;
    }

    private static void refuseIf(String refusal) {
        if (refusal != null) {
            throw new PrivacyRefusal(refusal);
        }
    }

    /** Books a release within the budget and writes the ledger, before the release leaves. */
    private void book(Release release) {
        BudgetedSite.book(ledger, siteId, budget, release);
        save(null);
    }

    private double spent() {
        return ledger.siteSpent(siteId, delta, Conversion.IMPROVED).epsilon();
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The class counts released before, or null. */
    private synchronized double[] readCounts() {
        Path f = ledgerFile.resolveSibling(COUNTS_FILE);
        if (!Files.exists(f)) {
            return null;
        }
        countsSaved = true;
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .mapToDouble(Double::parseDouble).toArray();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the released class counts " + f + ": " + e.getMessage(), e);
        }
    }

    private synchronized void save(double[] releasedCounts) {
        try {
            if (releasedCounts != null && !countsSaved) {
                StringBuilder b = new StringBuilder();
                for (double c : releasedCounts) {
                    b.append(Double.toString(c)).append('\n');
                }
                writeAtomically(ledgerFile.resolveSibling(COUNTS_FILE), b.toString());
                countsSaved = true;
            }
            writeAtomically(ledgerFile, ledger.toText());
        } catch (IOException e) {
            // the release must not leave without its spending on disk
            throw new UncheckedIOException("cannot write the privacy ledger " + ledgerFile + ": " + e.getMessage(), e);
        }
    }
}

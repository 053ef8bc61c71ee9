package org.fedmed.net.node;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.PersonalModel;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.net.ExplainProtocol;
import org.fedmed.net.Protocol;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.PersonalizeResult;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TaskResult;
import org.fedmed.net.transfer.Weights;

/**
 * What a node does after a study's last round, each checked against the approved study before it
 * runs ({@link org.fedmed.net.node.approval.StudyGate}): explain the final model on its own rows, and
 * fine-tune it into its personal model. A refusal is one line to the console and the coordinator.
 */
final class AfterStudyTasks {

    private final String siteId;
    private final PrintStream progress;
    private final TaskRunner.Link link;
    private final NodeReleases releases;
    private final BiConsumer<String, String> refuse; // task id, the line
    private volatile PersonalModels personalModels; // where personal models are kept, or null: not kept
    private volatile ExplainedStudies explained = new ExplainedStudies(null); // whose noisy explanation was released

    AfterStudyTasks(String siteId, PrintStream progress, TaskRunner.Link link, NodeReleases releases, BiConsumer<String, String> refuse) {
        this.siteId = siteId;
        this.progress = progress;
        this.link = link;
        this.releases = releases;
        this.refuse = refuse;
    }

    /** Keeps personal models, and which studies were explained, in {@code dir} (the kit). */
    void keepIn(Path dir) {
        personalModels = new PersonalModels(dir);
        explained = new ExplainedStudies(dir);
    }

    /**
     * Explains the final model on the site's own rows (checked against the approved study before this
     * runs). A node that requires secure aggregation lets no explanation leave in the clear: it would
     * show the coordinator this site's own aggregate.
     */
    void explain(Task t, ModelWeights w, SiteClient unwrapped, Optional<StudyDigest> approved, boolean requireSecure) {
        ExplainRequest request;
        try {
            request = ExplainProtocol.request(t.getRound(), w, t.getExplain());
        } catch (IllegalArgumentException e) {
            refuse.accept(t.getTaskId(), "round " + t.getRound() + ": explain task refused: " + e.getMessage());
            return;
        }
        String study = approved.map(StudyDigest::shortForm).orElse("unapproved");
        if (request.isPrivate() && explained.released(study)) {
            refuse.accept(t.getTaskId(), alreadyExplained(study));
            return;
        }
        if (requireSecure && !request.isPrivate()) {
            refuse.accept(t.getTaskId(), "site " + siteId + " requires secure aggregation (--require-secure-aggregation): an explanation"
                    + " without noise would show the coordinator this site's own aggregate; refused");
            return;
        }
        double delta = t.getExplain().getDelta() == 0 ? Double.NaN : t.getExplain().getDelta();
        ExplainProtocol.Received e = unwrapped instanceof NodePrivacy.Guarded g ? g.explain(request, delta)
                : new ExplainProtocol.Received(unwrapped.explain(request), Double.NaN, Double.NaN);
        // claimed after the computation (a refusal above claims nothing) and before anything leaves
        if (request.isPrivate() && !explained.claim(study)) {
            refuse.accept(t.getTaskId(), alreadyExplained(study));
            return;
        }
        var result = ExplainProtocol.result(e.explanation(), e.epsilonExplanation(), e.epsilonTotal());
        releases.released(t.getTaskId(), t.getRound(), "explanation", Weights.sha256(result.toByteArray()));
        link.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId()).setRound(t.getRound())
                .setExplain(result)).build());
        progress.println(String.format(Locale.ROOT, "[%s] round %d: explanation sent: mean |SHAP| of %d features over %s%d of its"
                + " training rows (%s), computed in %.1f s", siteId, t.getRound(), e.explanation().features(),
                request.release() == ExplainRequest.Release.SAMPLE ? "a Poisson sample of about " : "", e.explanation().rows(),
                request.isPrivate() ? request.release().id() + "-level DP" : "no noise", e.explanation().seconds()));
    }

    /**
     * After the last round: fine-tunes the final model on the site's own training data (checked against the
     * approved study first), keeps it in the kit, and sends its evaluation on the site's own test split,
     * unless the node's privacy budget keeps that at home too.
     */
    void personalize(Task t, ModelWeights w, SiteClient unwrapped, Optional<StudyDigest> approved, ModelSpec model, OwnDataSetup setup,
                     DemoAssignment demo) {
        TrainingConfig config;
        try {
            config = Protocol.trainingConfig(t.getPersonalize().getTraining());
        } catch (IllegalArgumentException e) {
            refuse.accept(t.getTaskId(), "round " + t.getRound() + ": the personalize task is invalid: " + e.getMessage());
            return;
        }
        PersonalModel p = unwrapped.personalize(t.getRound(), w, config);
        PersonalModels store = personalModels;
        Path kept = store == null ? null : store.save(approved, model, p, setup, demo);
        progress.println(String.format(Locale.ROOT, "[%s] round %d: personal model fine-tuned for %d epoch(s)%s: accuracy %.4f on"
                        + " its %d own test examples", siteId, t.getRound(), config.localEpochs(), kept == null ? "" : ", kept in " + kept,
                p.evaluation().result().metrics().accuracy(), p.evaluation().result().samples()));
        if (unwrapped instanceof NodePrivacy.Guarded g && g.withholdsPersonalEvaluation()) {
            refuse.accept(t.getTaskId(), "site " + siteId + " keeps its personal model; its evaluation stays here under the node's privacy"
                    + " budget (the model was fine-tuned without DP)");
            return;
        }
        var result = PersonalizeResult.newBuilder().setPersonal(Protocol.evaluateResult(p.evaluation().result())).build();
        releases.released(t.getTaskId(), t.getRound(), "personal_evaluation", Weights.sha256(result.toByteArray()));
        link.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId()).setRound(t.getRound())
                .setPersonalize(result)).build());
    }

    private String alreadyExplained(String study) {
        return "site " + siteId + " already released its explanation of this study (digest " + study + "); a second noisy one would"
                + " let the coordinator average its noise away; refused";
    }
}

package org.fedmed.net.node.approval;

import org.fedmed.net.proto.DpSgdSettings;
import org.fedmed.net.proto.FitTask;
import org.fedmed.net.proto.ModelDescriptor;
import org.fedmed.net.proto.SiteStageSpec;
import org.fedmed.net.proto.StudyDescription;
import org.fedmed.net.proto.StudySetup;
import org.fedmed.net.proto.StudyTerm;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.Welcome;

/**
 * Whether what the coordinator asks of the node is the study it described (and the hospital
 * approved): a task beyond its rounds, another model or table, other local training, weaker DP or a
 * round in the clear of a secure study is a deviation, named in one line. Stricter privacy than
 * described (DP added, more noise, a secure round) is no deviation.
 */
final class TaskCheck {

    private TaskCheck() {
    }

    /** The welcome's own model and demo split against the description, or null when they agree. */
    static String welcome(StudyDescription d, Welcome w) {
        if (w.hasModel() && !bare(w.getModel()).equals(d.getModel())) {
            return "the welcome's model (" + w.getModel().getArchitecture() + ") is not the one the study describes ("
                    + d.getModel().getArchitecture() + ")";
        }
        if (w.hasModel() && w.getModel().getArchitecture().equals("rocket")) {
            String rocket = rocketInput(d, w.getModel());
            if (rocket != null) {
                return rocket;
            }
        }
        if (w.hasDemoSplit() && !w.getDemoSplit().equals(d.getDemoSplit())) {
            return "the welcome's data split is not the one the study describes";
        }
        return null;
    }

    /**
     * A rocket model's input against the study's rocket_kernels: the node draws one kernel per two inputs, and the
     * description (hence the digest) leaves input shapes out, so another shape would have it compute features of
     * its series that nobody approved.
     */
    private static String rocketInput(StudyDescription d, ModelDescriptor m) {
        String kernels = d.getTermsList().stream().filter(t -> t.getKey().equals("rocket_kernels")).map(StudyTerm::getValue)
                .findFirst().orElse("none");
        boolean agrees = m.getInputShapeCount() == 1 && kernels.matches("[0-9]{1,9}")
                && m.getInputShape(0) == 2L * Long.parseLong(kernels);
        return agrees ? null : "the welcome's rocket model takes " + m.getInputShapeList() + " inputs, but the study describes"
                + " rocket_kernels " + kernels + " (two inputs each)";
    }

    /** An own-data setup against the description, or null when it agrees. */
    static String setup(StudyDescription d, StudySetup s) {
        if (!s.getSchema().equals(d.getSchema())) {
            return "the study setup's table (label, classes, features) is not the one the study describes";
        }
        if (!bare(s.getModel()).equals(d.getModel())) {
            return "the study setup's model (" + s.getModel().getArchitecture() + ") is not the one the study describes ("
                    + d.getModel().getArchitecture() + ")";
        }
        return null;
    }

    /** A task against the description, or null when it is the described study's. */
    static String task(StudyDescription d, Task t) {
        switch (t.getKindCase()) {
            case STATISTICS -> {
                if (!d.hasSchema() || !t.getStatistics().getSchema().equals(d.getSchema())) {
                    return "the statistics step asks for another table than the study describes";
                }
                return null;
            }
            case FIT, EVALUATE, SECURE_STEP -> {
                if (t.getRound() > d.getRounds()) {
                    return "round " + t.getRound() + " is beyond the study's " + d.getRounds() + " rounds";
                }
                return t.hasFit() ? fit(d, t.getFit(), t.getRound()) : null;
            }
            case EXPLAIN -> {
                return explain(d, t);
            }
            case PERSONALIZE -> {
                return personalize(d, t);
            }
            default -> {
                return "a task of a kind the study does not describe";
            }
        }
    }

    /** An explanation is asked once the study is over, of its final model, with exactly the settings it states. */
    private static String explain(StudyDescription d, Task t) {
        if (!d.hasExplanation()) {
            return "an explanation of the model on the site's rows; the study explains nothing";
        }
        if (t.getRound() != d.getRounds()) {
            return "an explanation of round " + t.getRound() + "'s model; the study explains its final model (round " + d.getRounds()
                    + ")";
        }
        if (!t.getExplain().equals(d.getExplanation())) {
            return "an explanation with other settings (rows, minimum rows, release, clip, noise, delta or seed) than the study states";
        }
        return null;
    }

    /** A personal model is fine-tuned once the study is over, from its final model, with its own local settings. */
    private static String personalize(StudyDescription d, Task t) {
        if (d.getFinetuneEpochs() == 0) {
            return "a personal model; the study fine-tunes none (finetune_epochs)";
        }
        if (t.getRound() != d.getRounds()) {
            return "a personal model from round " + t.getRound() + "'s model; the study fine-tunes its final model (round "
                    + d.getRounds() + ")";
        }
        FitTask f = t.getPersonalize().getTraining();
        if (f.getLocalEpochs() != d.getFinetuneEpochs() || f.hasDpSgd() || f.getSiteStagesCount() > 0
                || !f.getSecureAggregation().isEmpty() || f.getScaffoldControl() || f.getProximalMu() != 0) {
            return "a personal model with other settings (epochs, DP, stages) than the study's finetune_epochs "
                    + d.getFinetuneEpochs();
        }
        FitTask approved = d.getTraining().toBuilder().setLocalEpochs(f.getLocalEpochs()).clearDpSgd().setProximalMu(0).build();
        return fit(d.toBuilder().setTraining(approved).setSecureAggregation(false).setClientDp(false).build(), f, t.getRound());
    }

    private static String fit(StudyDescription d, FitTask f, int round) {
        FitTask a = d.getTraining();
        String r = "round " + round + " asks for ";
        if (f.getLocalEpochs() != a.getLocalEpochs()) {
            return r + f.getLocalEpochs() + " local epochs, the study " + a.getLocalEpochs();
        }
        if (f.getBatchSize() != a.getBatchSize()) {
            return r + "batch size " + f.getBatchSize() + ", the study " + a.getBatchSize();
        }
        if (!f.getOptimizer().equals(a.getOptimizer()) || f.getMomentum() != a.getMomentum() || f.getWeightDecay() != a.getWeightDecay()
                || f.getBalanceClasses() != a.getBalanceClasses() || !f.getAugment().equals(a.getAugment())) {
            return r + "other local training (optimizer, momentum, weight decay, class balancing or augmentation) than the study";
        }
        if (f.getLearningRate() > a.getLearningRate()) {
            return r + "learning rate " + f.getLearningRate() + ", above the study's " + a.getLearningRate();
        }
        if (a.hasDpSgd()) {
            DpSgdSettings want = a.getDpSgd();
            if (!f.hasDpSgd()) {
                return r + "training without DP-SGD; the study trains with it";
            }
            DpSgdSettings got = f.getDpSgd();
            if (got.getNoiseMultiplier() < want.getNoiseMultiplier()) {
                return r + "DP noise multiplier " + got.getNoiseMultiplier() + ", below the study's " + want.getNoiseMultiplier();
            }
            if (got.getClipNorm() > want.getClipNorm()) {
                return r + "DP clip norm " + got.getClipNorm() + ", above the study's " + want.getClipNorm();
            }
            if (got.getDelta() != want.getDelta()) {
                return r + "DP delta " + got.getDelta() + ", the study " + want.getDelta();
            }
        }
        if (f.hasDpSgd() && f.getDpSgd().getSeededNoise() && !(a.hasDpSgd() && a.getDpSgd().getSeededNoise())) {
            return r + "seeded DP noise (no real privacy); the study does not";
        }
        if (d.getSecureAggregation() && f.getSecureAggregation().isEmpty()) {
            return r + "the site's update in the clear; the study sums updates securely";
        }
        if (d.getClientDp() && f.getSiteStagesList().stream().map(SiteStageSpec::getName)
                .noneMatch(n -> n.equals("clip") || n.equals("layer_clip"))) {
            return r + "the site's update unclipped; the study clips it (client-level DP)";
        }
        return null;
    }

    /** A model as the description states it: without its input shape. */
    static ModelDescriptor bare(ModelDescriptor m) {
        return m.toBuilder().clearInputShape().build();
    }
}

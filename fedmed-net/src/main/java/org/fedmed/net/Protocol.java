package org.fedmed.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.aggregate.StageSpec;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.ConfusionMatrix;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.privacy.budget.NodePrivacyPolicy;
import org.fedmed.core.training.Augmentation;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.net.proto.DemoSplit;
import org.fedmed.net.proto.DpSgdSettings;
import org.fedmed.net.proto.EvaluateResult;
import org.fedmed.net.proto.FitTask;
import org.fedmed.net.proto.ModelDescriptor;
import org.fedmed.net.proto.NodePolicy;
import org.fedmed.net.proto.SiteStageSpec;
import org.fedmed.study.DataSplit;

/** Conversions between the core's records and the protocol's messages (fedmed.v1). */
public final class Protocol {

    public static final int VERSION = 1;
    public static final String SOFTWARE = "fedmed 0.1.0";

    private Protocol() {
    }

    public static DemoSplit demoSplit(DataSplit s) {
        return DemoSplit.newBuilder().setDataset(s.dataset()).setPartition(s.partition()).setSites(s.sites()).setSeed(s.seed())
                .setTestFraction(s.testFraction()).setSiteTestFraction(s.siteTestFraction()).build();
    }

    /** A node's policy as announced in its hello: the limits a fit task must meet (its evaluation settings stay private). */
    public static NodePolicy nodePolicy(NodePrivacyPolicy p) {
        return NodePolicy.newBuilder().setDelta(p.delta()).setMaxClipNorm(p.maxClipNorm())
                .setMinNoiseMultiplier(p.minNoiseMultiplier()).build();
    }

    /** The announced policy, for the coordinator's check before round 1. */
    public static NodePrivacyPolicy nodePolicy(NodePolicy p) {
        NodePrivacyPolicy d = NodePrivacyPolicy.of(p.getDelta());
        return new NodePrivacyPolicy(p.getDelta(), p.getMaxClipNorm(), p.getMinNoiseMultiplier(), d.evaluation(),
                d.evaluationNoise(), d.statisticsNoise());
    }

    public static DataSplit demoSplit(DemoSplit s) {
        return new DataSplit(s.getDataset(), s.getPartition(), s.getSites(), s.getSeed(), s.getTestFraction(),
                s.getSiteTestFraction());
    }

    public static FitTask fitTask(TrainingConfig c, SitePlan plan) {
        if (c.localSteps() > 0) {
            // FitTask has no step count yet: refusing beats a node silently training by epochs instead
            throw new IllegalArgumentException("local steps are not sent to deployed nodes yet; train by local epochs");
        }
        FitTask.Builder b = FitTask.newBuilder().setLocalEpochs(c.localEpochs()).setBatchSize(c.batchSize())
                .setLearningRate(c.learningRate()).setOptimizer(c.optimizer().name().toLowerCase(Locale.ROOT))
                .setMomentum(c.momentum()).setWeightDecay(c.weightDecay()).setProximalMu(c.proximalMu())
                .setBalanceClasses(c.balanceClasses()).setSeed(c.seed());
        if (!c.augment().isNone()) {
            b.setAugment(c.augment().toString());
        }
        if (c.dpSgd() != null) {
            // class weights stay at the site: each node derives its own from noisy counts
            DpSgdSettings.Builder dp = DpSgdSettings.newBuilder().setClipNorm(c.dpSgd().clipNorm())
                    .setNoiseMultiplier(c.dpSgd().noiseMultiplier()).setSeededNoise(c.dpSgd().seededNoise());
            if (!Double.isNaN(c.dpSgd().delta())) {
                dp.setDelta(c.dpSgd().delta());
            }
            b.setDpSgd(dp);
        }
        for (StageSpec s : plan.specs()) {
            b.addSiteStages(SiteStageSpec.newBuilder().setName(s.name()).putAllParams(s.params()));
        }
        return b.build();
    }

    /** The site stages a task asks for; throws (IllegalArgumentException) naming an unknown stage or parameter. */
    public static SitePlan sitePlan(FitTask t) {
        List<StageSpec> specs = new ArrayList<>();
        for (SiteStageSpec s : t.getSiteStagesList()) {
            specs.add(new StageSpec(s.getName(), s.getParamsMap()));
        }
        return SitePlan.fromSpecs(specs);
    }

    /** The training a task asks for; throws (IllegalArgumentException) on invalid settings. */
    public static TrainingConfig trainingConfig(FitTask t) {
        DpSgd dp = t.hasDpSgd() ? new DpSgd(t.getDpSgd().getClipNorm(), t.getDpSgd().getNoiseMultiplier(),
                t.getDpSgd().getSeededNoise(), List.of(), t.getDpSgd().getDelta() == 0 ? Double.NaN : t.getDpSgd().getDelta()) : null;
        return new TrainingConfig(t.getLocalEpochs(), t.getBatchSize(), t.getLearningRate(), OptimizerKind.parse(t.getOptimizer()),
                t.getMomentum(), t.getWeightDecay(), t.getProximalMu(), t.getBalanceClasses(), t.getSeed(), dp)
                .withAugment(t.getAugment().isEmpty() ? Augmentation.NONE : Augmentation.parse(t.getAugment()));
    }

    public static ModelDescriptor descriptor(ModelSpec s) {
        ModelDescriptor.Builder b = ModelDescriptor.newBuilder().setArchitecture(s.architecture().id())
                .setNumClasses(s.numClasses()).setDropout(s.dropout());
        for (int d : s.inputShape()) {
            b.addInputShape(d);
        }
        s.hiddenUnits().forEach(b::addHiddenUnits);
        b.addAllFrozen(s.frozen());
        b.addAllLocalLayers(s.localLayers());
        return b.build();
    }

    public static ModelSpec modelSpec(ModelDescriptor d) {
        int[] shape = d.getInputShapeList().stream().mapToInt(Integer::intValue).toArray();
        List<Integer> hidden = d.getHiddenUnitsList();
        return new ModelSpec(ModelArchitecture.parse(d.getArchitecture()), shape, d.getNumClasses(), hidden, d.getDropout(),
                d.getFrozenList(), d.getLocalLayersList());
    }

    public static EvaluateResult evaluateResult(EvaluationResult e) {
        return evaluateResult(e, 0);
    }

    /** An evaluation whose counts were released with Gaussian noise of multiplier {@code noiseMultiplier} (0: exact). */
    public static EvaluateResult evaluateResult(EvaluationResult e, double noiseMultiplier) {
        ClassificationMetrics m = e.metrics();
        EvaluateResult.Builder b = EvaluateResult.newBuilder().setLoss(e.loss()).setNumClasses(m.numClasses())
                .setRocAuc(m.rocAuc()).setNoiseMultiplier(noiseMultiplier);
        for (long[] row : m.confusion()) {
            for (long v : row) {
                b.addConfusion(v);
            }
        }
        return b.build();
    }

    /** The evaluation a site reported; throws on a malformed one. */
    public static EvaluationResult evaluationResult(EvaluateResult r) {
        int k = r.getNumClasses();
        if (k < 2 || k > 10_000 || r.getConfusionCount() != k * k) {
            throw new IllegalArgumentException("evaluation with " + k + " classes and " + r.getConfusionCount() + " confusion counts");
        }
        long[][] counts = new long[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                long v = r.getConfusion(i * k + j);
                if (v < 0) {
                    throw new IllegalArgumentException("negative count in the confusion matrix");
                }
                counts[i][j] = v;
            }
        }
        double auc = r.getRocAuc();
        if (!Double.isNaN(auc) && (auc < 0 || auc > 1) || !Double.isFinite(r.getLoss()) && !Double.isNaN(r.getLoss())) {
            throw new IllegalArgumentException("evaluation with AUC " + auc + " and loss " + r.getLoss());
        }
        return new EvaluationResult(r.getLoss(), ClassificationMetrics.fromConfusion(ConfusionMatrix.ofCounts(counts), auc));
    }
}

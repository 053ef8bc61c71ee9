package org.fedmed.study.explain;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.explain.SiteExplainer;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.study.ExplainSpec;

/** Chooses the explanation for the study's model: Kernel SHAP by site for logreg and mlp, saliency for cnn and resnet. */
public final class StudyExplainer {

    private StudyExplainer() {
    }

    /** Refuses, before anything trains, a study whose model has no explanation yet (one line naming why). */
    public static void check(ModelArchitecture architecture, int classes) {
        if (tabular(architecture)) {
            if (classes != 2) {
                throw new IllegalArgumentException(SiteExplainer.refusalForClasses(classes));
            }
        } else if (!isImageModel(architecture)) {
            throw new IllegalArgumentException("explain: model " + architecture.id() + " has no explanation yet (logreg and mlp:"
                    + " Kernel SHAP; cnn and resnet: integrated gradients); remove explain");
        }
    }

    /**
     * @param siteRows each site's own training rows (tabular)
     * @param pooled   the centralized baseline, or null
     * @param pooledTrain the pooled training data (the coordinator's in a simulation): the pooled model's reference rows
     */
    public static Explanations run(ExplainSpec spec, long seed, ModelSpec model, LocalTrainer trainer, ModelWeights weights,
                                   ModelWeights pooled, Map<String, LabeledSamples> siteRows, List<String> features,
                                   LabeledSamples pooledTrain, LabeledSamples globalTest, ExplanationBudget budget, Consumer<String> log) {
        check(model.architecture(), model.numClasses());
        if (isImageModel(model.architecture())) {
            return images(model, trainer, weights, globalTest, log);
        }
        TabularExplanation t = new TabularExplainer(spec, seed, trainer, globalTest.classNames())
                .explain(weights, siteRows, features, pooled, pooledTrain, budget, log);
        return new Explanations(Explanations.KERNEL_SHAP, t, List.of());
    }

    private static boolean tabular(ModelArchitecture a) {
        return a == ModelArchitecture.LOGISTIC_REGRESSION || a == ModelArchitecture.MLP;
    }

    /** Whether the model is explained by saliency maps of test images (not by the sites). */
    public static boolean isImageModel(ModelArchitecture a) {
        return a == ModelArchitecture.CNN || a == ModelArchitecture.RESNET;
    }

    /** Integrated-gradients saliency of a few of {@code test}'s images (the coordinator's own). */
    public static Explanations images(ModelSpec model, LocalTrainer trainer, ModelWeights weights, LabeledSamples test,
                                      Consumer<String> log) {
        return new Explanations(Explanations.INTEGRATED_GRADIENTS, null, ImageSaliency.explain(model, trainer, weights, test, log));
    }
}

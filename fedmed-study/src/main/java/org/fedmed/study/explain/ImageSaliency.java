package org.fedmed.study.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.explain.IntegratedGradients;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.Predictions;
import org.fedmed.learn.explain.DjlInputGradients;

/**
 * Integrated-gradients saliency of the final image model on the first {@value #IMAGES} images of
 * the coordinator's test set (in a simulation the global test set; no site's data is read), for the
 * class the model predicts, against a black image, over {@value #STEPS} trapezoidal steps.
 */
public final class ImageSaliency {

    static final int IMAGES = 4;
    static final int STEPS = 64;

    private ImageSaliency() {
    }

    public static List<Saliency> explain(ModelSpec model, LocalTrainer trainer, ModelWeights weights, LabeledSamples test,
                                         Consumer<String> log) {
        int count = Math.min(IMAGES, test.size());
        int[] first = new int[count];
        for (int i = 0; i < count; i++) {
            first[i] = i;
        }
        LabeledSamples images = test.subset(first);
        Predictions p = trainer.predict(weights, images);
        int size = images.featureSize();
        List<Saliency> out = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int predicted = p.predictedClass(i);
            float[] pixels = new float[size];
            System.arraycopy(images.features(), i * size, pixels, 0, size);
            double[] x = new double[size];
            for (int j = 0; j < size; j++) {
                x[j] = pixels[j];
            }
            try (DjlInputGradients f = DjlInputGradients.of(model, weights, predicted)) {
                IntegratedGradients.Attribution a = IntegratedGradients.of(f, x, new double[size], STEPS);
                out.add(new Saliency(i, test.classNames().get(images.labels()[i]), test.classNames().get(predicted), a.output(),
                        a.baselineOutput(), images.featureShape(), pixels, a.attributions(), a.completenessGap()));
            }
        }
        double worstGap = out.stream().mapToDouble(Saliency::completenessGap).max().orElse(0);
        log.accept(String.format(Locale.ROOT, "explain: integrated gradients on %d test images (%d steps, black baseline) in %.1f s;"
                + " completeness: largest |sum of attributions - (f(x) - f(black))| %.2g", count, STEPS,
                (System.nanoTime() - start) / 1e9, worstGap));
        return out;
    }
}

package org.fedmed.study.explain;

/**
 * Integrated-gradients saliency of one test image.
 *
 * @param index          the image's row in the global test set
 * @param label          its true class
 * @param explainedClass the class whose probability is explained (the model's prediction)
 * @param probability    f(x): the model's probability of that class
 * @param baselineOutput f(black image)
 * @param shape          (channels, height, width)
 * @param image          the input, channel-major
 * @param attributions   one per input value, same layout
 * @param completenessGap |Σ attributions − (f(x) − f(baseline))|
 */
public record Saliency(int index, String label, String explainedClass, double probability, double baselineOutput, int[] shape,
                       float[] image, double[] attributions, double completenessGap) {

    public int height() {
        return shape[shape.length - 2];
    }

    public int width() {
        return shape[shape.length - 1];
    }

    public int channels() {
        return shape.length == 3 ? shape[0] : 1;
    }
}

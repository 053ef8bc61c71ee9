package org.fedmed.study.explain;

import java.util.List;

/**
 * What {@code explain} produced for the final model: a tabular model's federated explanation, or an
 * image model's saliency maps (the other is null / empty).
 *
 * @param method  {@code kernel_shap} (with permutation importance) or {@code integrated_gradients}
 * @param tabular the sites' aggregated explanation, or null for an image model
 * @param images  saliency maps of a few of the coordinator's test images, empty for a tabular model
 */
public record Explanations(String method, TabularExplanation tabular, List<Saliency> images) {

    public static final String KERNEL_SHAP = "kernel_shap";
    public static final String INTEGRATED_GRADIENTS = "integrated_gradients";

    public Explanations {
        images = List.copyOf(images);
    }
}

package org.fedmed.core.explain;

/**
 * A model as the explainers see it: one number per row (the probability of the explained class, or
 * any real-valued output such as a linear score in tests).
 */
@FunctionalInterface
public interface Predictor {

    /** The model's output for each row; rows all have the model's number of features. */
    double[] predict(double[][] rows);
}

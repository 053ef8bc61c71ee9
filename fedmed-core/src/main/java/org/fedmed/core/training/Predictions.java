package org.fedmed.core.training;

/**
 * Class probabilities for a set of examples.
 *
 * @param probabilities {@code n * numClasses} values, example after example, each row summing to 1
 * @param numClasses    classes per row
 * @param meanLoss      mean cross-entropy against the true labels
 */
public record Predictions(float[] probabilities, int numClasses, double meanLoss) {

    public int size() {
        return probabilities.length / numClasses;
    }

    /** Class with the highest probability for example {@code i}. */
    public int predictedClass(int i) {
        int best = 0;
        int base = i * numClasses;
        for (int c = 1; c < numClasses; c++) {
            if (probabilities[base + c] > probabilities[base + best]) {
                best = c;
            }
        }
        return best;
    }
}

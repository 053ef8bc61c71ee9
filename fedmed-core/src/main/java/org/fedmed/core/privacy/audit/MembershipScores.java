package org.fedmed.core.privacy.audit;

/**
 * Per-example statistics a membership attack scores: the loss, and the logit-scaled confidence of
 * Carlini et al. (2022), log(p / (1 − p)) for the probability p of the true class, which is close to
 * Gaussian across models where p itself piles up near 1.
 */
public final class MembershipScores {

    /** Probabilities are kept this far from 0 and 1 so the logs stay finite in float precision. */
    static final double CLAMP = 1e-7;

    private MembershipScores() {
    }

    /** The true class's probability per example, from row-major class probabilities. */
    public static double[] trueClassProbability(float[] probabilities, int numClasses, int[] labels) {
        if (probabilities.length != (long) labels.length * numClasses) {
            throw new IllegalArgumentException(probabilities.length + " probabilities do not fit " + labels.length
                    + " examples of " + numClasses + " classes");
        }
        double[] p = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            p[i] = probabilities[i * numClasses + labels[i]];
        }
        return p;
    }

    /** Negated cross-entropy −(−log p) = log p: higher for examples the model fits better, as members tend to be. */
    public static double[] negatedLoss(double[] trueClassProbability) {
        double[] s = new double[trueClassProbability.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.log(clamp(trueClassProbability[i]));
        }
        return s;
    }

    /** log(p / (1 − p)) per example. */
    public static double[] logitConfidence(double[] trueClassProbability) {
        double[] s = new double[trueClassProbability.length];
        for (int i = 0; i < s.length; i++) {
            double p = clamp(trueClassProbability[i]);
            s[i] = Math.log(p) - Math.log1p(-p);
        }
        return s;
    }

    private static double clamp(double p) {
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("a predicted probability is NaN");
        }
        return Math.min(1 - CLAMP, Math.max(CLAMP, p));
    }
}

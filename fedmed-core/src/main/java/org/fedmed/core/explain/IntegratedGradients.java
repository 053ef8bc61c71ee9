package org.fedmed.core.explain;

/**
 * Integrated gradients (Sundararajan, Taly &amp; Yan 2017, "Axiomatic Attribution for Deep
 * Networks"): the attribution of input i is (xᵢ − x'ᵢ) · ∫₀¹ ∂f(x' + α(x − x'))/∂xᵢ dα, with x' the
 * baseline (here black: all zeros). The integral is taken by the trapezoidal rule over {@code steps}
 * intervals. Completeness (their Proposition 1) says the attributions sum to f(x) − f(x'); the gap
 * left by the quadrature is reported so a caller can check it and add steps.
 */
public final class IntegratedGradients {

    /** A model with input gradients: the explained output and its gradient for each input row. */
    public interface Differentiable {
        Evaluated evaluate(double[][] inputs);
    }

    /** f at each input and ∂f/∂input, row by row. */
    public record Evaluated(double[] values, double[][] gradients) {
    }

    /**
     * @param attributions  one value per input element
     * @param output        f(x)
     * @param baselineOutput f(x')
     */
    public record Attribution(double[] attributions, double output, double baselineOutput) {

        /** |Σ attributions − (f(x) − f(x'))|: how far the quadrature is from completeness. */
        public double completenessGap() {
            double s = 0;
            for (double a : attributions) {
                s += a;
            }
            return Math.abs(s - (output - baselineOutput));
        }
    }

    private IntegratedGradients() {
    }

    /** The attributions of {@code x} against {@code baseline}, integrating over {@code steps} intervals. */
    public static Attribution of(Differentiable model, double[] x, double[] baseline, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("integrated gradients needs at least 1 step, got " + steps);
        }
        if (x.length != baseline.length) {
            throw new IllegalArgumentException("input has " + x.length + " values, the baseline " + baseline.length);
        }
        int n = x.length;
        double[][] path = new double[steps + 1][n];
        for (int k = 0; k <= steps; k++) {
            double alpha = k / (double) steps;
            for (int i = 0; i < n; i++) {
                path[k][i] = baseline[i] + alpha * (x[i] - baseline[i]);
            }
        }
        Evaluated e = model.evaluate(path);
        double[] attributions = new double[n];
        for (int k = 0; k <= steps; k++) {
            // trapezoid: the two end points count half
            double w = (k == 0 || k == steps ? 0.5 : 1.0) / steps;
            double[] g = e.gradients()[k];
            for (int i = 0; i < n; i++) {
                attributions[i] += w * g[i];
            }
        }
        for (int i = 0; i < n; i++) {
            attributions[i] *= x[i] - baseline[i];
        }
        return new Attribution(attributions, e.values()[steps], e.values()[0]);
    }
}

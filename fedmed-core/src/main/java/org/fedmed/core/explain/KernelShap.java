package org.fedmed.core.explain;

import java.util.List;
import java.util.Random;

/**
 * Kernel SHAP (Lundberg &amp; Lee 2017, "A Unified Approach to Interpreting Model Predictions",
 * Theorem 2): the Shapley values of one row are the coefficients of a linear model g(z) = φ₀ + Σ φⱼ zⱼ
 * fitted by weighted least squares to v(z) = E_b[f(x_S, b_S̄)], the model's mean output over a
 * background set b with the features outside coalition S taken from the background rows, weighted
 * by the Shapley kernel ({@link Coalitions}). φ₀ is the mean output on the background and the
 * efficiency constraint Σ φⱼ = f(x) − φ₀ is imposed exactly by eliminating the last coefficient.
 * With every coalition enumerated the result is the exact (interventional) Shapley value; for a
 * linear model that is wⱼ (xⱼ − E_b[xⱼ]).
 */
public final class KernelShap {

    private final Predictor model;
    private final double[][] background;
    private final int budget;
    private final double baseValue;

    /**
     * @param background rows standing in for absent features (a site's own rows, or one reference row)
     * @param budget     coalitions per explained row (all of them are enumerated when there are fewer)
     */
    public KernelShap(Predictor model, double[][] background, int budget) {
        if (background.length == 0) {
            throw new IllegalArgumentException("Kernel SHAP needs at least one background row");
        }
        this.model = model;
        this.background = background;
        this.budget = budget;
        this.baseValue = mean(model.predict(background));
    }

    /** φ₀: the model's mean output over the background. */
    public double baseValue() {
        return baseValue;
    }

    /** The SHAP values of {@code x}, one per feature; they sum to f(x) − φ₀. */
    public double[] explain(double[] x, Random random) {
        int m = x.length;
        if (m != background[0].length) {
            throw new IllegalArgumentException("the row has " + m + " features, the background " + background[0].length);
        }
        double fx = model.predict(new double[][] {x})[0];
        double delta = fx - baseValue;
        if (m == 1) {
            return new double[] {delta};
        }
        Coalitions c = Coalitions.of(m, budget, random);
        double[] v = coalitionValues(x, c.members());
        // eliminate φ_M = Δ − Σ_{j<M} φ_j: v − φ₀ − z_M Δ = Σ_{j<M} (z_j − z_M) φ_j
        int p = m - 1;
        double[][] normal = new double[p][p];
        double[] rhs = new double[p];
        double[] a = new double[p];
        for (int k = 0; k < c.size(); k++) {
            boolean[] z = c.members().get(k);
            double zm = z[p] ? 1 : 0;
            for (int j = 0; j < p; j++) {
                a[j] = (z[j] ? 1 : 0) - zm;
            }
            double t = v[k] - baseValue - zm * delta;
            double w = c.weights()[k];
            for (int i = 0; i < p; i++) {
                if (a[i] == 0) {
                    continue;
                }
                rhs[i] += w * a[i] * t;
                for (int j = 0; j < p; j++) {
                    normal[i][j] += w * a[i] * a[j];
                }
            }
        }
        double[] head = LinearSolve.solve(normal, rhs);
        double[] phi = new double[m];
        double sum = 0;
        for (int j = 0; j < p; j++) {
            phi[j] = head[j];
            sum += head[j];
        }
        phi[p] = delta - sum;
        return phi;
    }

    /** v(z) for every coalition: one batched prediction over (coalitions × background) rows. */
    private double[] coalitionValues(double[] x, List<boolean[]> members) {
        int b = background.length;
        int m = x.length;
        double[][] rows = new double[members.size() * b][];
        for (int k = 0; k < members.size(); k++) {
            boolean[] z = members.get(k);
            for (int r = 0; r < b; r++) {
                double[] row = background[r].clone();
                for (int j = 0; j < m; j++) {
                    if (z[j]) {
                        row[j] = x[j];
                    }
                }
                rows[k * b + r] = row;
            }
        }
        double[] out = model.predict(rows);
        double[] v = new double[members.size()];
        for (int k = 0; k < v.length; k++) {
            double s = 0;
            for (int r = 0; r < b; r++) {
                s += out[k * b + r];
            }
            v[k] = s / b;
        }
        return v;
    }

    static double mean(double[] values) {
        double s = 0;
        for (double d : values) {
            s += d;
        }
        return s / values.length;
    }
}

package org.fedmed.core.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedmed.core.privacy.accounting.Erfc;
import org.junit.jupiter.api.Test;

/**
 * The Poisson sampler behind the Skellam mechanism: moments from μ = 0.5 to 1e15, the shape against
 * the exact pmf (χ²) on both sides of the method switch, and log p(k) where naive formulas cancel.
 * Every statistical check is seeded, so it either always passes or always fails.
 */
class PoissonTest {

    /** Wilson–Hilferty approximation of the upper χ² quantile at standard-normal deviate z. */
    static double chiSquareQuantile(int df, double z) {
        double h = 2.0 / (9.0 * df);
        return df * Math.pow(1 - h + z * Math.sqrt(h), 3);
    }

    @Test
    void meanAndVarianceMatchFromHalfToOneQuadrillion() {
        // Deviations from ⌊μ⌋ are summed as doubles of O(√μ), so 1e14 and 1e15 lose no precision.
        // Tolerances: 5 standard errors; Var(mean) = μ/N, Var(sample variance) ≈ (μ + 2μ²)/N for Poisson.
        int n = 200_000;
        SplittableRandom random = new SplittableRandom(11);
        for (double mu : new double[] {0.5, 3, 9.99, 10, 30, 1e4, 1e9, 1e14, 1e15}) {
            long base = (long) Math.floor(mu);
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double x = Poisson.sample(mu, random::nextDouble) - base;
                sum += x;
                sq += x * x;
            }
            double mean = sum / n;
            double var = (sq - n * mean * mean) / (n - 1);
            assertEquals(mu - base, mean, 5 * Math.sqrt(mu / n), "mean at mu=" + mu);
            assertEquals(mu, var, 5 * Math.sqrt((mu + 2 * mu * mu) / n), "variance at mu=" + mu);
        }
    }

    @Test
    void frequenciesMatchTheExactPmf() {
        // χ² over cells of expected count ≥ 20 (tails lumped), against the 1e-4 upper quantile.
        int n = 200_000;
        SplittableRandom random = new SplittableRandom(12);
        for (double mu : new double[] {0.5, 3, 9.5, 10, 12.5, 30, 1000}) {
            int max = (int) Math.ceil(mu + 30 * Math.sqrt(mu) + 30);
            long[] counts = new long[max + 1];
            for (int i = 0; i < n; i++) {
                long k = Poisson.sample(mu, random::nextDouble);
                counts[(int) Math.min(k, max)]++;
            }
            List<double[]> cells = new ArrayList<>(); // {observed, expected}
            double observed = 0;
            double expected = 0;
            double tail = 1.0;
            for (int k = 0; k < max; k++) {
                double p = Math.exp(Poisson.logPmf(k, mu));
                observed += counts[k];
                expected += n * p;
                tail -= p;
                if (expected >= 20 && n * tail >= 20) {
                    cells.add(new double[] {observed, expected});
                    observed = 0;
                    expected = 0;
                }
            }
            cells.add(new double[] {observed + counts[max], expected + n * Math.max(0, tail)});
            double chi2 = 0;
            for (double[] c : cells) {
                chi2 += (c[0] - c[1]) * (c[0] - c[1]) / c[1];
            }
            int df = cells.size() - 1;
            assertTrue(df >= 3, "enough cells at mu=" + mu);
            assertTrue(chi2 < chiSquareQuantile(df, 3.719), "chi2=" + chi2 + " with " + df + " d.f. at mu=" + mu);
        }
    }

    @Test
    void shapeAtHugeMeansIsTheNormalLimit() {
        // At μ = 1e14 the skewness is 1e-7: Poisson(μ) is N(μ, μ) far below what 200k draws can resolve.
        // A wrong acceptance test (the cancelling textbook formula) distorts exactly this shape.
        double[] edges = {-2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5};
        int n = 200_000;
        SplittableRandom random = new SplittableRandom(13);
        for (double mu : new double[] {1e14, 4e15}) {
            long base = (long) Math.floor(mu);
            long[] counts = new long[edges.length + 1];
            double sd = Math.sqrt(mu);
            for (int i = 0; i < n; i++) {
                double z = (Poisson.sample(mu, random::nextDouble) - base - (mu - base)) / sd;
                int cell = 0;
                while (cell < edges.length && z >= edges[cell]) {
                    cell++;
                }
                counts[cell]++;
            }
            double chi2 = 0;
            for (int c = 0; c <= edges.length; c++) {
                double lo = c == 0 ? 0.0 : normalCdf(edges[c - 1]);
                double hi = c == edges.length ? 1.0 : normalCdf(edges[c]);
                double e = n * (hi - lo);
                chi2 += (counts[c] - e) * (counts[c] - e) / e;
            }
            assertTrue(chi2 < chiSquareQuantile(edges.length, 3.719), "chi2=" + chi2 + " at mu=" + mu);
        }
    }

    private static double normalCdf(double z) {
        return 0.5 * Erfc.erfc(-z / Math.sqrt(2));
    }

    @Test
    void logPmfMatchesTheDirectFormulaWhereThatIsAccurate() {
        for (double mu : new double[] {0.5, 3, 30, 1e4}) {
            double logFactorial = 0;
            for (int k = 0; k <= 3 * mu + 40; k++) {
                if (k > 0) {
                    logFactorial += Math.log(k);
                }
                double direct = -mu + k * Math.log(mu) - logFactorial;
                double tolerance = 1e-13 * Math.max(1, Math.abs(k * Math.log(mu))) + 1e-12;
                assertEquals(direct, Poisson.logPmf(k, mu), tolerance, "log p(" + k + "; " + mu + ")");
            }
        }
        assertEquals(-7.0, Poisson.logPmf(0, 7.0), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, Poisson.logPmf(-1, 7.0));
    }

    @Test
    void logPmfStaysExactAtHugeMeans() {
        // p(k+1)/p(k) = μ/(k+1) holds exactly; the naive −μ + k ln μ − ln k! misses it by units at 1e15.
        for (double mu : new double[] {1e9 + 0.25, 1e15 + 0.5, 4e15}) {
            long center = (long) Math.floor(mu);
            double sd = Math.sqrt(mu);
            for (double z : new double[] {-8, -3, -1, -0.2, 0, 0.7, 2, 5, 9}) {
                long k = center + (long) Math.floor(z * sd);
                double ratio = Math.log1p((mu - (k + 1)) / (k + 1));
                double step = Poisson.logPmf(k + 1, mu) - Poisson.logPmf(k, mu);
                assertEquals(ratio, step, 1e-12, "log p(k+1) - log p(k) at mu=" + mu + ", z=" + z);
                // and the Gaussian limit to within its own error, whose leading (skewness) term is z³/(6√μ)
                double gaussian = -0.5 * Math.log(2 * Math.PI * mu) - 0.5 * Math.pow((k - mu) / sd, 2);
                assertEquals(gaussian, Poisson.logPmf(k, mu), (1 + Math.abs(z * z * z)) / sd,
                        "log p near the normal limit at z=" + z);
            }
        }
        // Normalization at μ = 1e9: ±12 standard deviations hold all but ~1e-32 of the mass.
        double mu = 1e9;
        long from = (long) (mu - 12 * Math.sqrt(mu));
        long to = (long) (mu + 12 * Math.sqrt(mu));
        double total = 0;
        for (long k = from; k <= to; k++) {
            total += Math.exp(Poisson.logPmf(k, mu));
        }
        assertEquals(1.0, total, 1e-9, "sum of the pmf at mu=1e9");
    }

    @Test
    void refusesBadMeans() {
        for (double mu : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY, 0x1p53}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Poisson.sample(mu, Math::random));
            assertTrue(e.getMessage().contains("mu"), e.getMessage());
        }
        assertEquals(0, Poisson.sample(0.0, () -> 0.5));
    }
}

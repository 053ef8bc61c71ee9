package org.fedmed.core.privacy.accounting;

/**
 * Rényi DP of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar &amp; Zhang 2019, "Rényi
 * Differential Privacy of the Sampled Gaussian Mechanism", arXiv:1908.10530): each record joins a
 * step's batch independently with probability q, the per-record contributions are clipped to L2
 * norm C, and Gaussian noise of standard deviation σ·C is added to their sum.
 *
 * <p>For add/remove-one neighbours the privacy loss at order α is log(A_α)/(α − 1), with
 * A_α = E_{z∼N(0,σ²)}[((1 − q) + q·e^{(2z−1)/(2σ²)})^α] — the paper shows this direction of the
 * divergence dominates the other one, so it bounds both.
 */
public final class SampledGaussianRdp {

    /**
     * The default orders, the grid of Google's dp_accounting: 1 + x/10 for x = 1..99 (1.1 … 10.9),
     * every integer 11..63, then 128, 256, 512 and 1024 (156 orders). ε is a minimum over the
     * orders, so a coarser grid overstates it; low orders matter for large ε, large orders for small
     * ε or many steps.
     */
    private static final double[] DEFAULT_ORDERS = buildDefaultOrders();

    /** Stop the fractional series once a term is this many nats below the sum (≈ 2e-16 relative). */
    private static final double SERIES_TOLERANCE_NATS = 36.0;
    /** Guards the fractional series; only orders very close to 1 with q ≈ ½ come near it. */
    private static final long MAX_SERIES_TERMS = 20_000_000L;
    private static final double LOG_HALF = Math.log(0.5);
    private static final double SQRT2 = Math.sqrt(2.0);

    private SampledGaussianRdp() {
    }

    private static double[] buildDefaultOrders() {
        double[] orders = new double[99 + 53 + 4];
        int i = 0;
        for (int x = 1; x <= 99; x++) {
            orders[i++] = 1 + x / 10.0;
        }
        for (int a = 11; a <= 63; a++) {
            orders[i++] = a;
        }
        for (double a : new double[] {128, 256, 512, 1024}) {
            orders[i++] = a;
        }
        return orders;
    }

    /** A fresh copy of the default orders (see {@link #DEFAULT_ORDERS}). */
    public static double[] defaultOrders() {
        return DEFAULT_ORDERS.clone();
    }

    /** RDP at order {@code alpha} of one step with sampling rate q and noise multiplier σ. */
    public static double rdp(double q, double sigma, double alpha) {
        Checks.samplingRate(q);
        Checks.noiseMultiplier(sigma);
        Checks.order(alpha);
        if (q == 0.0) {
            return 0.0; // the record is never used
        }
        if (q == 1.0) {
            return alpha / (2.0 * sigma * sigma); // plain Gaussian mechanism
        }
        double logA = alpha == Math.rint(alpha)
                ? logAInteger(q, sigma, alpha)
                : logAFractional(q, sigma, alpha);
        if (Double.isNaN(logA)) {
            // Only when 1/σ² overflows (σ below ~1e-154) and a term becomes ∞ or ∞ − ∞. The
            // loss is then beyond double range anyway, exactly as α/(2σ²) would be for q = 1.
            return Double.POSITIVE_INFINITY;
        }
        // A_α ≥ 1 in exact arithmetic; a hair below it is rounding, not negative privacy loss.
        return Math.max(0.0, logA / (alpha - 1.0));
    }

    /** RDP of {@code steps} identical steps at each order: composition adds RDP order by order. */
    public static double[] rdp(double q, double sigma, long steps, double[] orders) {
        Checks.steps(steps);
        double[] checked = Checks.orders(orders);
        double[] out = new double[checked.length];
        for (int i = 0; i < checked.length; i++) {
            double one = rdp(q, sigma, checked[i]);
            out[i] = steps == 0 ? 0.0 : one * steps; // 0·∞ would be NaN
        }
        return out;
    }

    /**
     * Integer α: A_α = Σ_{k=0}^{α} C(α,k) (1−q)^{α−k} q^k e^{(k²−k)/(2σ²)}, from expanding the α-th
     * power binomially and using E[e^{kz/σ²}] = e^{k²/(2σ²)} for z ∼ N(0,σ²). Because the
     * binomial weights sum to 1, A_α − 1 = Σ_{k≥2} C(α,k) (1−q)^{α−k} q^k (e^{(k²−k)/(2σ²)} − 1):
     * summing that (all terms positive, in log space) and returning log1p(A_α − 1) keeps full
     * relative precision even when A_α is within 1e-16 of 1 (small q, large σ).
     */
    static double logAInteger(double q, double sigma, double alpha) {
        long n = (long) alpha;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2.0 * sigma * sigma;
        LogSum excess = new LogSum(); // log(A_α − 1)
        double logBinom = Math.log(n); // log C(n, 1)
        for (long k = 2; k <= n; k++) {
            logBinom += Math.log((double) (n - k + 1) / k);
            double kd = k;
            excess.add(logBinom + kd * logQ + (n - kd) * log1mQ + logExpm1((kd * kd - kd) / twoSigma2));
        }
        return log1pExp(excess.value());
    }

    /** log(e^x − 1) for x &gt; 0, without overflow for large x. */
    private static double logExpm1(double x) {
        return x > 40.0 ? x + Math.log1p(-Math.exp(-x)) : Math.log(Math.expm1(x));
    }

    /** log(1 + e^x), without overflow for large x or loss for very negative x. */
    private static double log1pExp(double x) {
        return x > 0.0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /**
     * Fractional α (MTZ 2019, Section 3.3): split the integral at z0 = σ²·log(1/q − 1) + ½, where
     * q·e^{(2z−1)/(2σ²)} = 1 − q, so that on each side the generalised binomial series of the
     * α-th power converges. Integrating term by term against N(0,σ²) gives
     * <pre>
     *   A0 = Σ_k C(α,k) q^k (1−q)^{α−k} e^{(k²−k)/(2σ²)} · ½erfc((k − z0)/(√2σ))           (z ≤ z0)
     *   A1 = Σ_k C(α,k) q^{α−k} (1−q)^k e^{((α−k)²−(α−k))/(2σ²)} · ½erfc((z0 − (α−k))/(√2σ)) (z ≥ z0)
     * </pre>
     * C(α,k) turns negative and alternates in sign once k &gt; α + 1, so positive and negative
     * parts are summed separately in log space and subtracted at the end. Past that point the
     * series alternate with shrinking terms, so the first omitted term bounds the truncation error.
     */
    static double logAFractional(double q, double sigma, double alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2.0 * sigma * sigma;
        double z0 = sigma * sigma * (log1mQ - logQ) + 0.5;
        double erfcScale = SQRT2 * sigma;

        LogSum positive = new LogSum();
        LogSum negative = new LogSum();
        double logAbsBinom = 0.0; // log|C(α, 0)|
        boolean binomPositive = true;
        for (long k = 0; k < MAX_SERIES_TERMS; k++) {
            double kd = k;
            if (k > 0) {
                double factor = alpha - kd + 1.0;
                logAbsBinom += Math.log(Math.abs(factor) / kd);
                if (factor < 0) {
                    binomPositive = !binomPositive;
                }
            }
            double j = alpha - kd;
            double logS0 = logAbsBinom + kd * logQ + j * log1mQ + (kd * kd - kd) / twoSigma2
                    + LOG_HALF + Erfc.logErfc((kd - z0) / erfcScale);
            double logS1 = logAbsBinom + j * logQ + kd * log1mQ + (j * j - j) / twoSigma2
                    + LOG_HALF + Erfc.logErfc((z0 - j) / erfcScale);
            if (Double.isNaN(logS0) || Double.isNaN(logS1) || logS0 == Double.POSITIVE_INFINITY
                    || logS1 == Double.POSITIVE_INFINITY) {
                return Double.NaN; // overflowed (σ ≲ 1e-154); rdp() reports +∞
            }
            LogSum target = binomPositive ? positive : negative;
            target.add(logS0);
            target.add(logS1);
            if (kd > alpha + 1.0 && Math.max(logS0, logS1) < positive.value() - SERIES_TOLERANCE_NATS) {
                return logDifference(positive.value(), negative.value(), q, sigma, alpha);
            }
        }
        throw new ArithmeticException("RDP series did not converge for q=" + q + ", sigma=" + sigma
                + ", alpha=" + alpha + "; use an order further from 1");
    }

    /** log(e^a − e^b) for a ≥ b; failure means the series lost all precision to cancellation. */
    private static double logDifference(double a, double b, double q, double sigma, double alpha) {
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        if (!(b < a)) {
            throw new ArithmeticException("RDP series cancelled catastrophically for q=" + q
                    + ", sigma=" + sigma + ", alpha=" + alpha);
        }
        return a + Math.log(-Math.expm1(b - a));
    }

    /**
     * Effective noise multiplier of per-group ("per-layer") noise: the update is split into groups,
     * each record's group i is clipped to its own norm C_i, and group i's sum gets independent
     * Gaussian noise of standard deviation σ_i·C_i. Then σ_eff = (Σ_i σ_i^{-2})^{-1/2}, and the
     * mechanism has exactly the RDP of one Gaussian (sampled with the same q) with multiplier σ_eff.
     *
     * <p>Why: divide group i by σ_i·C_i — an invertible map, so privacy is unchanged. The noise
     * becomes N(0, I) in every coordinate, while one record moves group i by at most
     * C_i/(σ_i·C_i) = 1/σ_i, hence the whole vector by at most Δ = (Σ_i σ_i^{-2})^{1/2} in L2.
     * A unit-variance Gaussian with L2 sensitivity Δ is the Gaussian mechanism with multiplier 1/Δ,
     * and the bound is tight because one record can attain every group's clip norm at once. The
     * same rescaling preserves the subsampled mixture, so the equality holds for any q. (This is
     * also the formula TF Privacy's ledger uses, citing arXiv:1812.06210.)
     *
     * <p>It holds only when the groups share the sampled batch, are clipped separately, and are
     * noised independently with std exactly σ_i·C_i. It does NOT apply to a single global clip
     * with different noise per layer (then each group's sensitivity is the global C, not C_i).
     */
    public static double effectiveNoiseMultiplier(double[] sigmas) {
        if (sigmas == null || sigmas.length == 0) {
            throw new IllegalArgumentException("at least one per-group noise multiplier is required");
        }
        double precision = 0.0;
        for (double s : sigmas) {
            Checks.noiseMultiplier(s);
            precision += 1.0 / (s * s);
        }
        return 1.0 / Math.sqrt(precision);
    }
}

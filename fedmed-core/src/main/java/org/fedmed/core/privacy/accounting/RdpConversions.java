package org.fedmed.core.privacy.accounting;

/**
 * Converts an RDP curve (one value per order) into the tightest (ε, δ) statement it supports:
 * a mechanism that is (α, r_α)-RDP at every order is (ε, δ)-DP with the smallest ε any single
 * order yields, so we take the minimum over the orders.
 */
public final class RdpConversions {

    private RdpConversions() {
    }

    /** The smallest ε, over all orders, for which the RDP curve implies (ε, δ)-DP. */
    public static PrivacySpent epsilon(double[] orders, double[] rdp, double delta, Conversion conversion) {
        double[] alphas = Checks.orders(orders);
        Checks.sameLength(alphas, rdp);
        Checks.delta(delta);
        if (allZero(rdp)) {
            // Nothing was released about the data: (0, 0)-DP. Guarding this keeps CLASSIC from
            // reporting log(1/δ)/(α−1) > 0 for a mechanism that never ran.
            return new PrivacySpent(0.0, delta, alphas[0]);
        }
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = alphas[0];
        for (int i = 0; i < alphas.length; i++) {
            double eps = conversion.epsilon(alphas[i], rdp[i], delta);
            if (eps < best) {
                best = eps;
                bestOrder = alphas[i];
            }
        }
        return new PrivacySpent(Math.max(0.0, best), delta, bestOrder);
    }

    /** The smallest δ, over all orders, for which the RDP curve implies (ε, δ)-DP (capped at 1). */
    public static PrivacySpent delta(double[] orders, double[] rdp, double epsilon, Conversion conversion) {
        double[] alphas = Checks.orders(orders);
        Checks.sameLength(alphas, rdp);
        Checks.epsilon(epsilon);
        if (allZero(rdp)) {
            return new PrivacySpent(epsilon, 0.0, alphas[0]);
        }
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = alphas[0];
        for (int i = 0; i < alphas.length; i++) {
            double logDelta = conversion.logDelta(alphas[i], rdp[i], epsilon);
            if (logDelta < best) {
                best = logDelta;
                bestOrder = alphas[i];
            }
        }
        return new PrivacySpent(epsilon, Math.min(1.0, Math.exp(best)), bestOrder);
    }

    private static boolean allZero(double[] rdp) {
        for (double r : rdp) {
            if (r != 0.0) {
                return false;
            }
        }
        return true;
    }
}

package org.fedmed.study;

import java.util.List;
import java.util.Locale;
import org.fedmed.core.secure.secagg.SecAggSettings;

/**
 * A study's secure aggregation: the protection ({@code secagg+} or {@code paillier}) and its
 * settings; null in a {@link StudySpec} means updates arrive in the clear.
 *
 * @param protection  {@code secagg+} or {@code paillier}
 * @param dropout     δ tolerated (sets t)
 * @param corruption  γ assumed
 * @param threshold   explicit t, or 0 to derive it
 * @param range       c for FedAvg's values
 * @param maxWeight   W for the weight inside the sum
 * @param siteDropout simulation only: the fraction of each round's sites that vanish after their masked upload
 * @param groups      the round's sites are summed in this many random groups (1: one sum), so a robust
 *                    rule can run across the group means
 */
public record SecureSpec(String protection, double dropout, double corruption, int threshold, double range, double maxWeight,
                         double siteDropout, int groups) {

    public static final List<String> PROTECTIONS = List.of("none", "secagg+", "paillier");

    public SecureSpec {
        protection = protection.toLowerCase(Locale.ROOT);
        if (!PROTECTIONS.contains(protection) || protection.equals("none")) {
            throw new IllegalArgumentException("secure_aggregation must be one of " + PROTECTIONS + ", got '" + protection + "'");
        }
        new SecAggSettings(dropout, corruption, threshold, range, maxWeight); // checks each setting, naming it
        if (groups < 1) {
            throw new IllegalArgumentException("secure_groups must be at least 1, got " + groups);
        }
        if (!(siteDropout >= 0 && siteDropout < 1)) {
            throw new IllegalArgumentException("site_dropout must be in [0, 1), got " + siteDropout);
        }
    }

    public SecAggSettings secAgg() {
        return new SecAggSettings(dropout, corruption, threshold, range, maxWeight);
    }
}

package org.fedmed.core.privacy.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;

/**
 * A privacy budget (ε, δ) that the round loop checks before letting a site train, or before the
 * coordinator runs another client-level DP round. Asking records nothing: the caller records into
 * the {@link PrivacyLedger} only what actually ran. A site whose next round would push its
 * sample-level ε above the budget is left out (it keeps the global model but stops contributing);
 * the boundary is inclusive: reaching the budget exactly is allowed.
 */
public final class BudgetPolicy {

    /** The answer for one site (or for the coordinator, with site {@code null}). */
    public record Decision(String site, boolean allowed, double epsilonNow, double epsilonAfter, double budget) {
    }

    private final double epsilonBudget;
    private final double delta;
    private final Conversion conversion;

    /** A budget (ε, δ) judged with {@code conversion}. */
    public BudgetPolicy(double epsilonBudget, double delta, Conversion conversion) {
        this.epsilonBudget = Checks.epsilon(epsilonBudget);
        this.delta = Checks.delta(delta);
        this.conversion = Objects.requireNonNull(conversion, "conversion");
    }

    /** A budget (ε, δ) with the improved conversion. */
    public BudgetPolicy(double epsilonBudget, double delta) {
        this(epsilonBudget, delta, Conversion.IMPROVED);
    }

    public double epsilonBudget() {
        return epsilonBudget;
    }

    public double delta() {
        return delta;
    }

    /** Whether {@code site} may run {@code steps} more DP-SGD steps at (q, σ) within the budget. */
    public boolean mayTrain(PrivacyLedger ledger, String site, double q, double sigma, long steps) {
        return !ledger.wouldExceed(site, q, sigma, steps, epsilonBudget, delta, conversion);
    }

    /** {@link #mayTrain} with the numbers behind it. */
    public Decision decide(PrivacyLedger ledger, String site, double q, double sigma, long steps) {
        RdpAccountant acc = ledger.site(site);
        double now = acc.spent(delta, conversion).epsilon();
        double after = acc.spentIfRecorded(q, sigma, steps, delta, conversion).epsilon();
        return new Decision(site, after <= epsilonBudget, now, after, epsilonBudget);
    }

    /** The sites, in order, that may train the next round at (q, σ, steps) — e.g. to filter {@code configureFit}. */
    public List<String> eligibleSites(PrivacyLedger ledger, List<String> sites, double q, double sigma, long steps) {
        List<String> out = new ArrayList<>(sites.size());
        for (String site : sites) {
            if (mayTrain(ledger, site, q, sigma, steps)) {
                out.add(site);
            }
        }
        return out;
    }

    /** Whether the coordinator's client-level mechanism may run {@code rounds} more rounds at (q, σ). */
    public Decision decideClientLevel(PrivacyLedger ledger, double q, double sigma, long rounds) {
        RdpAccountant acc = ledger.clientLevel();
        double now = acc.spent(delta, conversion).epsilon();
        double after = acc.spentIfRecorded(q, sigma, rounds, delta, conversion).epsilon();
        return new Decision(null, after <= epsilonBudget, now, after, epsilonBudget);
    }

    /** How many more steps at (q, σ) the site's remaining budget affords. */
    public long remainingSteps(PrivacyLedger ledger, String site, double q, double sigma) {
        return ledger.site(site).remainingSteps(q, sigma, epsilonBudget, delta, conversion);
    }
}

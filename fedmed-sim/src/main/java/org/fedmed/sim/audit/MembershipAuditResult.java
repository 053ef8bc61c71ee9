package org.fedmed.sim.audit;

import java.util.List;
import org.fedmed.core.privacy.audit.AttackResult;
import org.fedmed.sim.SimulationResult;

/**
 * A membership audit of one simulated study's final global model.
 *
 * @param simulation         the study that trained the model
 * @param attacks            each attack's outcome (loss threshold, then LiRA when shadows were trained)
 * @param shadows            shadow models trained for LiRA (0: none)
 * @param accountantEpsilon  the ε the study's accountant reports, or NaN without DP
 * @param delta              the δ of the accountant (and of every bound)
 * @param seconds            wall time of the audit after training
 * @param oneRun             the one-run canary audit, or null when none was asked for
 */
public record MembershipAuditResult(SimulationResult simulation, List<AttackResult> attacks, int shadows,
                                    double accountantEpsilon, double delta, double seconds, OneRunResult oneRun) {

    public MembershipAuditResult {
        attacks = List.copyOf(attacks);
    }

    public boolean isPrivate() {
        return !Double.isNaN(accountantEpsilon);
    }

    /** The largest empirical ε any attack proved, the one-run audit's included. */
    public double maxEpsilonLowerBound() {
        double attacked = attacks.stream().mapToDouble(AttackResult::epsilonLowerBound).max().orElse(0);
        return oneRun == null ? attacked : Math.max(attacked, oneRun.epsilonLowerBound());
    }

    /** Whether an attack proved more leakage than the accountant allows: a bug in the accounting or the training. */
    public boolean contradictsAccountant() {
        return isPrivate() && maxEpsilonLowerBound() > accountantEpsilon;
    }
}

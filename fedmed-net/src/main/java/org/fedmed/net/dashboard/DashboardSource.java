package org.fedmed.net.dashboard;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.net.provision.FederationLayout;

/**
 * What the dashboard shows, read live from the coordinator. Counts, settings and aggregate scores
 * only: nothing here reaches a patient record, an update or the model.
 *
 * @param reports     the run folder whose {@code report.json} the page may open ({@code ?report=})
 * @param connected   the sites connected now
 * @param epsilonBudget the study's ε budget (a site's under DP-SGD, the study's target under client-level DP), NaN if none
 * @param settings    the study's settings in words (strategy, secure aggregation, robustness, privacy)
 * @param stages      the aggregation written out, stage by stage
 * @param auditStatus one line on the audit trail
 */
public record DashboardSource(String federation, FederationLayout layout, Path reports, int roundsPlanned, IntSupplier roundsDone,
                              Supplier<Set<String>> connected, RoundFeed feed, Supplier<PrivacyReport> privacy,
                              double epsilonBudget,
                              Supplier<Map<String, String>> settings, Supplier<String> stages, Supplier<String> auditStatus) {

    /** What the page says until an audit trail is wired in. */
    public static final Supplier<String> NO_AUDIT_TRAIL = () -> "audit trail: not recorded in this build";
}

package org.fedmed.net.node;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.privacy.budget.BudgetPolicy;
import org.fedmed.core.privacy.budget.BudgetedSite;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.PrivacyLedger;

/**
 * A hospital's own guard on its patients' privacy under sample-level DP: its ledger lives on the
 * node's disk (so a restarted node does not forget what it spent), every DP-SGD round the
 * coordinator asks for is accounted in it, and with a budget ({@code fedmed node --dp-budget}) the
 * node refuses non-private training and any round that would take it past the budget, whatever the
 * coordinator says. The ledger is written (atomically) after each round it trained, before the
 * update leaves the node, so a crash can only over-count.
 */
final class NodePrivacy {

    static final String LEDGER_FILE = "privacy-ledger.txt";
    /** Class counts released (with noise, accounted) for balancing, kept so a restart does not release them again. */
    static final String COUNTS_FILE = "privacy-class-counts.txt";

    private final Path ledgerFile;
    private final PrivacyLedger ledger;
    private final double delta;
    private final BudgetPolicy budget;
    private final PrintStream progress;
    private boolean countsSaved; // the released class counts are on disk (they never change once released)

    /**
     * @param stateDir where the ledger file is kept (the node's kit directory)
     * @param budget   ε budget of this site at {@code delta}, or null to account without a limit
     */
    NodePrivacy(Path stateDir, Double budget, double delta, PrintStream progress, String siteId) {
        this.ledgerFile = stateDir.resolve(LEDGER_FILE);
        this.delta = delta;
        this.budget = budget == null ? null : new BudgetPolicy(budget, delta, Conversion.IMPROVED);
        this.progress = progress;
        try {
            this.ledger = Files.exists(ledgerFile) ? PrivacyLedger.fromText(Files.readString(ledgerFile, StandardCharsets.UTF_8))
                    : new PrivacyLedger();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the privacy ledger " + ledgerFile + ": " + e.getMessage(), e);
        }
        double spent = ledger.siteSpent(siteId, delta, Conversion.IMPROVED).epsilon();
        progress.printf(Locale.ROOT, "[%s] privacy ledger %s: epsilon %.4f spent at delta %.1e%s%n", siteId, ledgerFile, spent, delta,
                budget == null ? " (no budget: DP-SGD rounds are accounted, non-private ones allowed)"
                        : String.format(Locale.ROOT, ", budget %.4f; non-private training refused", budget));
    }

    /** The site the node runs tasks on, behind this guard. */
    SiteClient guard(SiteClient site) {
        if (!(site instanceof LocalSite local)) {
            throw new IllegalStateException("the privacy guard needs the node's local site, got " + site.getClass().getSimpleName());
        }
        BudgetedSite budgeted = new BudgetedSite(site, local.train().labelCounts(), ledger, delta, budget, Double.NaN);
        double[] released = readCounts();
        if (released != null) {
            budgeted.reuseReleasedClassCounts(released);
        }
        return SiteClient.withFit(site, instructions -> {
            if (instructions.config().dpSgd() == null && budget == null) {
                return site.fit(instructions);
            }
            SiteUpdate update = budgeted.fit(instructions);
            save(budgeted.releasedClassCounts());
            progress.printf(Locale.ROOT, "[%s] round %d trained with DP-SGD: epsilon %.4f spent at delta %.1e%s%n", site.siteId(),
                    instructions.round(), update.metrics().get(BudgetedSite.EPSILON), delta, budget == null ? ""
                            : String.format(Locale.ROOT, " (budget %.4f)", budget.epsilonBudget()));
            return update;
        });
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The class counts released before, or null. */
    private synchronized double[] readCounts() {
        Path f = ledgerFile.resolveSibling(COUNTS_FILE);
        if (!Files.exists(f)) {
            return null;
        }
        countsSaved = true;
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .mapToDouble(Double::parseDouble).toArray();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the released class counts " + f + ": " + e.getMessage(), e);
        }
    }

    private synchronized void save(double[] releasedCounts) {
        try {
            if (releasedCounts != null && !countsSaved) {
                StringBuilder b = new StringBuilder();
                for (double c : releasedCounts) {
                    b.append(Double.toString(c)).append('\n');
                }
                writeAtomically(ledgerFile.resolveSibling(COUNTS_FILE), b.toString());
                countsSaved = true;
            }
            writeAtomically(ledgerFile, ledger.toText());
        } catch (IOException e) {
            // the update must not leave without its spending on disk
            throw new UncheckedIOException("cannot write the privacy ledger " + ledgerFile + ": " + e.getMessage(), e);
        }
    }
}

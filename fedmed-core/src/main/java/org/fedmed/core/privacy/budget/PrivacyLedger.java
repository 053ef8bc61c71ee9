package org.fedmed.core.privacy.budget;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.LedgerEntry;
import org.fedmed.core.privacy.accounting.PrivacySpent;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.accounting.RdpConversions;
import org.fedmed.core.privacy.accounting.SampledGaussianRdp;

/**
 * The privacy books of one study: an accountant per site for sample-level DP (each site runs
 * DP-SGD on its own records) and one for the coordinator's client-level mechanism (the server
 * samples sites, clips each site's update and noises the aggregate).
 *
 * <p>Study-level guarantees:
 * <ul>
 *   <li><b>Client-level DP</b> protects a whole site's contribution; the only mechanism touching
 *       it is the coordinator's, so the study ε is that accountant's ε
 *       ({@link #clientLevelSpent}).</li>
 *   <li><b>Sample-level DP</b> protects one record. Sites hold disjoint records, so a record
 *       influences only its own site's noisy updates; everything else in the transcript, including
 *       other sites' later rounds that start from models containing that site's output, is
 *       post-processing or does not read the record (parallel composition under adaptive
 *       interaction). The study guarantee at a given δ is therefore the worst site's:
 *       ε_study = max over sites ({@link #sampleLevelSpent}). This needs the partition to be real:
 *       a patient whose records sit at two sites would need those sites' RDP curves added, and a
 *       patient with several records at one site needs group privacy on top.</li>
 * </ul>
 *
 * <p>Thread-safe. State is storable via {@link #snapshot()} or the line format of
 * {@link #toText()}.
 */
public final class PrivacyLedger {

    private static final String HEADER = "fedmed-privacy-ledger v1";

    private final double[] orders;
    private final Map<String, RdpAccountant> sites = new LinkedHashMap<>();
    private final Map<String, List<Release>> releases = new LinkedHashMap<>();
    private final RdpAccountant clientLevel;

    public PrivacyLedger() {
        this(SampledGaussianRdp.defaultOrders());
    }

    public PrivacyLedger(double[] orders) {
        this.orders = Checks.orders(orders);
        this.clientLevel = new RdpAccountant(this.orders);
    }

    /** Records local DP-SGD at {@code site}: {@code steps} steps at rate q (batch / site size), multiplier σ. */
    public synchronized void record(String site, double q, double sigma, long steps) {
        RdpAccountant acc = sites.get(checkSite(site));
        if (acc == null) {
            // Only a successful record adds the site, so a rejected call leaves no empty entry.
            sites.put(site, new RdpAccountant(orders).record(q, sigma, steps));
        } else {
            acc.record(q, sigma, steps);
        }
    }

    /**
     * Records one release of {@code site} (what left it, for which round, under which Gaussian
     * mechanism): its accountant gets (q, σ, steps) and the release joins the site's audit trail,
     * which {@link #toText()} writes and {@link #replay} recomputes.
     */
    public synchronized void record(String site, Release release) {
        record(site, release.samplingRate(), release.noiseMultiplier(), release.steps());
        releases.computeIfAbsent(site, s -> new ArrayList<>()).add(release);
    }

    /** The releases booked for {@code site}, in order (empty for a site that released nothing through {@link #record(String, Release)}). */
    public synchronized List<Release> releases(String site) {
        return List.copyOf(releases.getOrDefault(checkSite(site), List.of()));
    }

    /**
     * The site's accountant rebuilt from its booked releases alone: for an audit that the ε a site
     * reports is explained, release by release, by its ledger.
     */
    public synchronized RdpAccountant replay(String site) {
        RdpAccountant acc = new RdpAccountant(orders);
        for (Release r : releases.getOrDefault(checkSite(site), List.of())) {
            acc.record(r.samplingRate(), r.noiseMultiplier(), r.steps());
        }
        return acc;
    }

    /** Records the coordinator's client-level mechanism: q = sites sampled per round / all sites. */
    public void recordClientLevel(double q, double sigma, long rounds) {
        clientLevel.record(q, sigma, rounds);
    }

    /**
     * Records one round of the Skellam mechanism on the coordinator's client-level accountant (sites
     * add integer noise inside a secure sum; sensitivities and μ in ring units; no sampling amplification).
     */
    public void recordClientLevelSkellam(double delta1, double delta2, double mu) {
        clientLevel.recordSkellam(delta1, delta2, mu, 1);
    }

    /** A copy of the site's accountant (empty for a site that has not trained). */
    public synchronized RdpAccountant site(String site) {
        RdpAccountant existing = sites.get(checkSite(site));
        return existing == null ? new RdpAccountant(orders) : existing.copy();
    }

    public synchronized Set<String> sites() {
        return Set.copyOf(sites.keySet());
    }

    public synchronized PrivacySpent siteSpent(String site, double delta, Conversion conversion) {
        return site(site).spent(delta, conversion);
    }

    /** Each site's sample-level (ε, δ), in the order sites first trained. */
    public synchronized Map<String, PrivacySpent> siteSpending(double delta, Conversion conversion) {
        Map<String, PrivacySpent> out = new LinkedHashMap<>();
        sites.forEach((name, acc) -> out.put(name, acc.spent(delta, conversion)));
        return out;
    }

    /**
     * Study-level sample-level DP: the worst site's (ε, δ) — see the class comment for why the
     * maximum, not the sum, is right for disjoint sites. ε = 0 before any site trained.
     */
    public synchronized PrivacySpent sampleLevelSpent(double delta, Conversion conversion) {
        PrivacySpent worst = RdpConversions.epsilon(orders, new double[orders.length], delta, conversion);
        for (RdpAccountant acc : sites.values()) {
            PrivacySpent spent = acc.spent(delta, conversion);
            if (spent.epsilon() > worst.epsilon()) {
                worst = spent;
            }
        }
        return worst;
    }

    /** Study-level client-level DP: the coordinator's accountant. */
    public PrivacySpent clientLevelSpent(double delta, Conversion conversion) {
        return clientLevel.spent(delta, conversion);
    }

    /** A copy of the coordinator's accountant. */
    public RdpAccountant clientLevel() {
        return clientLevel.copy();
    }

    /** {@link #wouldExceed(String, double, double, long, double, double, Conversion)} with the improved conversion. */
    public boolean wouldExceed(String site, double q, double sigma, long steps, double budgetEpsilon, double delta) {
        return wouldExceed(site, q, sigma, steps, budgetEpsilon, delta, Conversion.IMPROVED);
    }

    /**
     * Whether letting {@code site} train {@code steps} more steps at (q, σ) would push its
     * sample-level ε above {@code budgetEpsilon} at δ. Records nothing: the round loop asks before
     * a site trains, and records only what actually ran.
     */
    public synchronized boolean wouldExceed(String site, double q, double sigma, long steps,
                                            double budgetEpsilon, double delta, Conversion conversion) {
        Checks.epsilon(budgetEpsilon);
        RdpAccountant acc = sites.get(checkSite(site));
        if (acc == null) {
            acc = new RdpAccountant(orders);
        }
        return acc.spentIfRecorded(q, sigma, steps, delta, conversion).epsilon() > budgetEpsilon;
    }

    private static String checkSite(String site) {
        if (site == null || site.isBlank() || site.indexOf('\n') >= 0 || site.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("site id must be non-blank and on one line, got '" + site + "'");
        }
        return site;
    }

    // ---- storage ---------------------------------------------------------------------------

    /** Storable ledger state; site order is preserved. */
    public record Snapshot(RdpAccountant.Snapshot clientLevel, Map<String, RdpAccountant.Snapshot> sites,
                           Map<String, List<Release>> releases) implements Serializable {

        public Snapshot {
            Objects.requireNonNull(clientLevel, "clientLevel");
            sites = Collections.unmodifiableMap(new LinkedHashMap<>(sites));
            Map<String, List<Release>> r = new LinkedHashMap<>();
            (releases == null ? Map.<String, List<Release>>of() : releases).forEach((k, v) -> r.put(k, List.copyOf(v)));
            releases = Collections.unmodifiableMap(r);
        }

        /** State without a release trail. */
        public Snapshot(RdpAccountant.Snapshot clientLevel, Map<String, RdpAccountant.Snapshot> sites) {
            this(clientLevel, sites, Map.of());
        }
    }

    public synchronized Snapshot snapshot() {
        Map<String, RdpAccountant.Snapshot> state = new LinkedHashMap<>();
        sites.forEach((name, acc) -> state.put(name, acc.snapshot()));
        return new Snapshot(clientLevel.snapshot(), state, releases);
    }

    public static PrivacyLedger restore(Snapshot snapshot) {
        PrivacyLedger ledger = new PrivacyLedger(snapshot.clientLevel().orders());
        ledger.clientLevel.merge(RdpAccountant.restore(snapshot.clientLevel()));
        snapshot.sites().forEach((name, state) -> {
            if (!Arrays.equals(state.orders(), ledger.orders)) {
                throw new IllegalArgumentException("site " + name + " uses different RDP orders");
            }
            ledger.sites.put(checkSite(name), RdpAccountant.restore(state));
        });
        snapshot.releases().forEach((name, list) -> ledger.releases.put(checkSite(name), new ArrayList<>(list)));
        return ledger;
    }

    /**
     * A plain-text form for study directories, exact for every double (shortest round-trip
     * decimal): a header, the orders, then per accountant a "client" or "site NAME" line followed
     * by its "rdp" line and one "entry q sigma steps" line per ledger entry (a mechanism recorded by
     * its RDP curve adds its name as a fourth field, q and sigma being NaN); a site's section ends
     * with one "release KIND ROUND q sigma steps" line per booked {@link Release}.
     */
    public synchronized String toText() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("orders").append(joined(orders)).append('\n');
        appendAccountant(out, "client", clientLevel.snapshot());
        sites.forEach((name, acc) -> {
            appendAccountant(out, "site " + name, acc.snapshot());
            for (Release r : releases.getOrDefault(name, List.of())) {
                out.append("release ").append(r.kind()).append(' ').append(r.round()).append(' ').append(r.samplingRate())
                        .append(' ').append(r.noiseMultiplier()).append(' ').append(r.steps()).append('\n');
            }
        });
        return out.toString();
    }

    private static void appendAccountant(StringBuilder out, String title, RdpAccountant.Snapshot state) {
        out.append(title).append('\n');
        out.append("rdp").append(joined(state.rdp())).append('\n');
        for (LedgerEntry e : state.entries()) {
            out.append("entry ").append(e.samplingRate()).append(' ').append(e.noiseMultiplier())
                    .append(' ').append(e.steps());
            if (!e.sampledGaussian()) {
                out.append(' ').append(e.mechanism()); // one token; older files have only three fields
            }
            out.append('\n');
        }
    }

    private static String joined(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(' ').append(v);
        }
        return sb.toString();
    }

    /** Parses {@link #toText()} output. */
    public static PrivacyLedger fromText(String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[1].startsWith("orders ")) {
            throw new IllegalArgumentException("not a " + HEADER + " document");
        }
        double[] orders = numbers(lines[1].substring("orders ".length()));
        RdpAccountant.Snapshot client = null;
        Map<String, RdpAccountant.Snapshot> sites = new LinkedHashMap<>();
        Map<String, List<Release>> released = new LinkedHashMap<>();
        int i = 2;
        while (i < lines.length) {
            String title = lines[i++];
            if (i >= lines.length || !lines[i].startsWith("rdp ")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 'rdp' after '" + title + "'");
            }
            double[] rdp = numbers(lines[i++].substring("rdp ".length()));
            List<LedgerEntry> entries = new ArrayList<>();
            while (i < lines.length && lines[i].startsWith("entry ")) {
                String[] f = lines[i++].substring("entry ".length()).trim().split(" ");
                if (f.length != 3 && f.length != 4) {
                    throw new IllegalArgumentException("line " + i + ": expected 'entry q sigma steps [mechanism]'");
                }
                entries.add(new LedgerEntry(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]),
                        f.length == 4 ? f[3] : LedgerEntry.SAMPLED_GAUSSIAN));
            }
            List<Release> trail = new ArrayList<>();
            while (i < lines.length && lines[i].startsWith("release ")) {
                String[] f = lines[i++].substring("release ".length()).trim().split(" ");
                if (f.length != 5) {
                    throw new IllegalArgumentException("line " + i + ": expected 'release kind round q sigma steps'");
                }
                trail.add(new Release(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Long.parseLong(f[4])));
            }
            RdpAccountant.Snapshot state = new RdpAccountant.Snapshot(orders, rdp, entries);
            if (title.equals("client") && client == null) {
                client = state;
            } else if (title.startsWith("site ") && !sites.containsKey(title.substring(5))) {
                sites.put(title.substring(5), state);
                if (!trail.isEmpty()) {
                    released.put(title.substring(5), trail);
                }
            } else {
                throw new IllegalArgumentException("unexpected or duplicate section '" + title + "'");
            }
        }
        if (client == null) {
            throw new IllegalArgumentException("missing 'client' section");
        }
        return restore(new Snapshot(client, sites, released));
    }

    private static double[] numbers(String s) {
        String[] parts = s.trim().split(" ");
        double[] out = new double[parts.length];
        for (int k = 0; k < parts.length; k++) {
            out[k] = Double.parseDouble(parts[k]);
        }
        return out;
    }
}

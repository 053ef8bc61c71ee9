package org.fedmed.net.trail;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.fedmed.core.federation.RoundListener;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.trail.AuditTrail;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.EntryType;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.store.RunStore;
import org.fedmed.net.transfer.Weights;

/**
 * The coordinator's audit chain: what happened in the federation, as entries signed with the
 * coordinator's provisioned key ({@code server.key}) in the run store. The update_received entry it
 * writes when a site's upload arrives is also the receipt the site keeps.
 */
public final class CoordinatorTrail {

    public static final String AUTHOR = "coordinator";

    private final AuditTrail trail;
    private int lastStarted;

    public CoordinatorTrail(AuditTrail trail) {
        this.trail = trail;
    }

    /** Opens (or continues) the chain in the run store, signing with the coordinator's provisioned key. */
    public static CoordinatorTrail open(RunStore store, FederationLayout layout) {
        X509Certificate cert = Pem.readCertificate(layout.serverCert());
        PrivateKey key = Pem.readPrivateKey(layout.serverKey());
        return new CoordinatorTrail(new AuditTrail(store.auditChain(), AUTHOR, der(cert), key, Clock.systemUTC()));
    }

    public AuditTrail trail() {
        return trail;
    }

    /** What a dashboard shows. */
    public AuditTrail.Status status() {
        return trail.status();
    }

    /** The study the store was bound to: once per chain (a resumed coordinator does not write it again). */
    public synchronized void studyCreated(String fingerprint, Map<String, Object> settings) {
        if (trail.last(EntryType.STUDY_CREATED).map(e -> fingerprint.equals(e.payload().get("fingerprint"))).orElse(false)) {
            return;
        }
        Map<String, Object> p = new LinkedHashMap<>(settings);
        p.put("fingerprint", fingerprint);
        trail.append(EntryType.STUDY_CREATED, 0, p);
    }

    /**
     * Hook for node-side study approval: a site approved the study; {@code approvalDigest} is the
     * SHA-256 of the site's signed approval, which the site keeps in its own chain.
     */
    public void studyApproved(String site, String studyFingerprint, String approvalDigest) {
        trail.append(EntryType.STUDY_APPROVED, 0, Map.of("site", site, "study", studyFingerprint, "approval", approvalDigest));
    }

    /** A site connected; its certificate enters the chain the first time it is seen (a renewed one enters again). */
    public void siteJoined(String site, X509Certificate cert) {
        byte[] der = der(cert);
        if (trail.knows(ChainEntry.sha256(der))) {
            return;
        }
        trail.append(EntryType.SITE_JOINED, 0, Map.of("site", site, "serial", cert.getSerialNumber().toString(16),
                "certificate", Base64.getEncoder().encodeToString(der)));
    }

    /** A certificate on the federation's revocation list: once per serial in the chain, however often the list is read. */
    public synchronized void siteRevoked(String site, String serial) {
        if (trail.entries(EntryType.SITE_REVOKED).stream().anyMatch(e -> serial.equalsIgnoreCase(String.valueOf(e.payload().get("serial"))))) {
            return;
        }
        trail.append(EntryType.SITE_REVOKED, 0, Map.of("site", site, "serial", serial));
    }

    public void configurationChanged(String key, String from, String to) {
        trail.append(EntryType.CONFIGURATION_CHANGED, 0, Map.of("key", key, "from", from, "to", to));
    }

    /**
     * The coordinator's operational settings now (those that do not define the study: deadlines, addresses,
     * the run store without credentials): each one that differs from what the chain last recorded (the study's
     * creation, then changes) becomes a configuration_changed entry. Returns the keys that changed.
     */
    public synchronized List<String> configuration(Map<String, String> now) {
        Map<String, String> recorded = new TreeMap<>();
        trail.last(EntryType.STUDY_CREATED).map(e -> e.payload().get("configuration")).ifPresent(c -> {
            if (c instanceof Map<?, ?> m) {
                m.forEach((k, v) -> recorded.put(String.valueOf(k), String.valueOf(v)));
            }
        });
        for (ChainEntry e : trail.entries(EntryType.CONFIGURATION_CHANGED)) {
            recorded.put(String.valueOf(e.payload().get("key")), String.valueOf(e.payload().get("to")));
        }
        List<String> changed = new ArrayList<>();
        Map<String, String> keys = new TreeMap<>(recorded);
        keys.putAll(now);
        for (String k : keys.keySet()) {
            String from = recorded.getOrDefault(k, "unset");
            String to = now.getOrDefault(k, "unset");
            if (!from.equals(to)) {
                configurationChanged(k, from, to);
                changed.add(k);
            }
        }
        return changed;
    }

    /** The first task of a round went out (called for every task; written once per round). */
    public synchronized void roundStarted(int round) {
        if (round > lastStarted) {
            lastStarted = round;
            trail.append(EntryType.ROUND_STARTED, round, Map.of());
        }
    }

    /** A site's update of a round arrived whole (its SHA-256 checked): the entry, returned as the receipt line to send it. */
    public String updateReceived(String site, int round, byte[] sha256) {
        roundStarted(round);
        return trail.append(EntryType.UPDATE_RECEIVED, round, Map.of("site", site, "digest", HexFormat.of().formatHex(sha256))).toJson();
    }

    /**
     * A site's result without weights was accepted ({@code kind}: evaluation, statistics, explanation): the entry,
     * returned as the receipt line to send it.
     */
    public String resultReceived(String site, int round, String kind, byte[] sha256) {
        return trail.append(EntryType.RESULT_RECEIVED, round, Map.of("site", site, "kind", kind, "digest",
                HexFormat.of().formatHex(sha256))).toJson();
    }

    /**
     * Closes each round: participants, failed sites, the aggregation's stage list, the secure sum's
     * protection, the privacy spent (study and per site), the new model's SHA-256; then the round's Merkle root.
     */
    public RoundListener listener(String stages, Supplier<PrivacyReport> privacy) {
        return r -> {
            roundStarted(r.round());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("participants", List.copyOf(r.participants()));
            p.put("failed", new ArrayList<>(new TreeMap<>(r.failures()).keySet()));
            p.put("aggregated", r.aggregated());
            p.put("stages", stages);
            p.put("model", modelDigest(r.global()));
            if (r.secure() != null) {
                Map<String, Object> secure = new LinkedHashMap<>();
                secure.put("protection", r.secure().protection());
                secure.put("summed", r.secure().summed());
                secure.put("recovered", new ArrayList<>(new TreeMap<>(r.secure().recovered()).keySet()));
                if (r.secure().sumDigest() != null) {
                    secure.put("sum", r.secure().sumDigest()); // the sum the coordinator learned: no site's update is seen
                }
                p.put("secure", secure);
            }
            Map<String, Object> spent = privacySpent(r, privacy.get());
            if (spent != null) {
                p.put("privacy", spent);
            }
            trail.append(EntryType.ROUND_CLOSED, r.round(), p);
            trail.closeRound(r.round());
        };
    }

    /**
     * Closes in the chain the rounds the run store committed but the chain never closed (the process
     * stopped between the round's commit and its entry), so a resumed chain has every round once.
     */
    public void recover(List<RunStore.StoredRound> committed) {
        int closed = trail.last(EntryType.ROUND_CLOSED).map(ChainEntry::round).orElse(0);
        for (RunStore.StoredRound r : committed) {
            if (r.round() > closed) {
                roundStarted(r.round());
                trail.append(EntryType.ROUND_CLOSED, r.round(), Map.of("participants", r.participants(), "aggregated", r.aggregated(),
                        "recovered", "closed after a restart from the run store's record"));
                trail.closeRound(r.round());
            }
        }
    }

    /** The final model left the federation. */
    public void modelReleased(int rounds, ModelWeights model) {
        trail.append(EntryType.MODEL_RELEASED, 0, Map.of("rounds", rounds, "model", modelDigest(model)));
    }

    /**
     * The sites' explanations of the final model arrived: the sites that explained with their rows, the
     * sites that did not, the release (clear, sample, client) and ε per site under DP.
     */
    public void explanationsReceived(int round, Map<String, Integer> rows, List<String> refused, String release,
                                     Map<String, Double> epsilon) {
        Map<String, Object> p = new TreeMap<>();
        p.put("round", round); // the entry itself is outside the rounds' Merkle roots, like model_released
        p.put("sites", new TreeMap<>(rows));
        p.put("refused", List.copyOf(refused));
        p.put("release", release);
        if (!epsilon.isEmpty()) {
            Map<String, Object> eps = new TreeMap<>();
            epsilon.forEach((site, e) -> eps.put(site, number(e)));
            p.put("epsilon", eps);
        }
        trail.append(EntryType.EXPLANATIONS_RECEIVED, 0, p);
    }

    static String modelDigest(ModelWeights w) {
        return HexFormat.of().formatHex(Weights.sha256(Weights.encode(w)));
    }

    private static Map<String, Object> privacySpent(RoundResult r, PrivacyReport report) {
        if (report == null) {
            return null;
        }
        for (PrivacyReport.Round pr : report.rounds()) {
            if (pr.round() == r.round()) {
                Map<String, Object> sites = new TreeMap<>();
                pr.siteEpsilon().forEach((s, eps) -> sites.put(s, number(eps)));
                return Map.of("level", report.level(), "epsilon", number(pr.epsilon()), "delta", number(report.delta()), "sites", sites);
            }
        }
        return null;
    }

    /** A fractional number as the canonical form holds it: a string. */
    static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the certificate " + cert.getSubjectX500Principal(), e);
        }
    }
}

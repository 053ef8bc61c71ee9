package org.fedmed.net.trail;

import java.io.PrintStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.trail.AuditTrail;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.CrossCheck;
import org.fedmed.core.trail.EntryType;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Pem;

/**
 * A node's own audit chain, in its kit ({@value ChainFile#NODE_CHAIN}, owner-only, append-only),
 * signed with the kit's key: per round, the digest of what it sent (update, evaluation, statistics)
 * and the privacy its ledger had booked, and the coordinator's signed receipt for each of them.
 * An entry is on disk before the release it records leaves the node.
 */
public final class NodeTrail {

    private final AuditTrail trail;
    private final String siteId;
    private final PrintStream progress;

    private NodeTrail(AuditTrail trail, String siteId, PrintStream progress) {
        this.trail = trail;
        this.siteId = siteId;
        this.progress = progress;
    }

    public static NodeTrail open(NodeKit kit, PrintStream progress) {
        ChainFile file = new ChainFile(kit.dir().resolve(ChainFile.NODE_CHAIN));
        AuditTrail t = new AuditTrail(file, kit.siteId(), CoordinatorTrail.der(Pem.readCertificate(kit.certificate())),
                Pem.readPrivateKey(kit.privateKey()), Clock.systemUTC());
        return new NodeTrail(t, kit.siteId(), progress);
    }

    public AuditTrail.Status status() {
        return trail.status();
    }

    /**
     * Records a release before it leaves.
     *
     * @param kind    "update", "sealed_update", "evaluation", "statistics" or "explanation"
     * @param sha256  digest of the bytes released (an update's upload payload, a result message), or null for a sealed update
     * @param epsilon the privacy the node's ledger has booked so far, NaN without a budget
     */
    public void released(int round, String kind, byte[] sha256, double epsilon) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", kind);
        if (sha256 != null) {
            p.put("digest", HexFormat.of().formatHex(sha256));
        }
        if (!Double.isNaN(epsilon)) {
            p.put("epsilon", CoordinatorTrail.number(epsilon));
        }
        trail.append(EntryType.RELEASED, round, p);
    }

    /** The hospital approved the study with this digest (its kit's approval or policy let it run). */
    public void studyApproved(String studyDigest, String federation) {
        trail.append(EntryType.STUDY_APPROVED, 0, Map.of("study", studyDigest, "federation", federation));
    }

    /**
     * Keeps the coordinator's receipt for the release ({@code kind}) of {@code round} with {@code sha256}. A
     * receipt for another site, round, kind or digest, or not signed by {@code coordinator} (the certificate
     * seen on the connection; null: not known), is kept too (it is evidence) but said on the console.
     */
    public void receipt(int round, String kind, byte[] sha256, String receiptLine, X509Certificate coordinator) {
        ChainLines.Parsed parsed = ChainLines.parse(List.of(receiptLine), "receipt", "the receipt of round " + round);
        if (parsed.entries().isEmpty()) {
            progress.println("[" + siteId + "] round " + round + ": the coordinator's receipt is unreadable ("
                    + parsed.problems().get(0).reason() + "); not kept");
            return;
        }
        ChainEntry r = parsed.entries().get(0);
        String digest = HexFormat.of().formatHex(sha256);
        if (!kind.equals(CrossCheck.receiptKind(r)) || r.round() != round || !siteId.equals(r.payload().get("site"))
                || !digest.equals(r.payload().get("digest"))) {
            progress.println("[" + siteId + "] round " + round + ": the coordinator's receipt does not match the " + kind + " sent"
                    + " (it names site " + r.payload().get("site") + ", round " + r.round() + "); kept as evidence");
        } else if (coordinator != null && !signedBy(r, coordinator)) {
            progress.println("[" + siteId + "] round " + round + ": the receipt for the " + kind + " is not signed by the coordinator"
                    + " this node is connected to; kept as evidence");
        }
        trail.append(EntryType.RECEIPT, round, Map.of("receipt", ChainLines.object(receiptLine)));
    }

    private static boolean signedBy(ChainEntry r, X509Certificate coordinator) {
        try {
            return r.key().equals(ChainEntry.sha256(coordinator.getEncoded())) && r.computedHash().equals(r.hash())
                    && r.signedBy(coordinator.getPublicKey());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }
}

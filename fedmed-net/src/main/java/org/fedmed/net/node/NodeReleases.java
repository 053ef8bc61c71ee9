package org.fedmed.net.node;

import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.fedmed.net.proto.ResultReceipt;
import org.fedmed.net.trail.NodeTrail;

/**
 * What the node released, in its audit chain: each release is recorded before it leaves (with the ε
 * its ledger has booked), and the coordinator's signed receipt for each is kept when it arrives,
 * checked against what was sent and against the coordinator certificate of the connection.
 */
final class NodeReleases {

    /** A result sent (not an update) whose receipt the coordinator is to send. */
    private record Sent(int round, String kind, byte[] sha256) {
    }

    private final String siteId;
    private final PrintStream progress;
    private final DoubleSupplier epsilonSpent; // the ledger's ε so far, NaN without a guard
    private final Map<String, Sent> awaitingReceipt = new ConcurrentHashMap<>(); // by task id
    volatile NodeTrail trail; // the node's audit chain, or null: none
    volatile X509Certificate coordinatorCertificate; // as seen on the current connection (receipts are checked against it)

    NodeReleases(String siteId, PrintStream progress, DoubleSupplier epsilonSpent) {
        this.siteId = siteId;
        this.progress = progress;
        this.epsilonSpent = epsilonSpent;
    }

    /** Records a release before it leaves: the SHA-256 of what is sent (null: a sealed update). */
    void released(int round, String kind, byte[] sha256) {
        NodeTrail chain = trail;
        if (chain != null) {
            chain.released(round, kind, sha256, epsilonSpent.getAsDouble());
        }
    }

    /** Records a result's release (task {@code taskId}) before it leaves, and awaits the coordinator's receipt for it. */
    void released(String taskId, int round, String kind, byte[] sha256) {
        awaitingReceipt.put(taskId, new Sent(round, kind, sha256));
        released(round, kind, sha256);
    }

    /** The coordinator's receipt for an update whose upload completed. */
    void updateReceipt(int round, byte[] sha256, String entry) {
        NodeTrail chain = trail;
        if (chain != null && !entry.isEmpty()) {
            chain.receipt(round, "update", sha256, entry, coordinatorCertificate);
        }
    }

    /** The coordinator's receipt for a result: kept in the audit chain (checked against what was sent). */
    void resultReceipt(ResultReceipt r) {
        Sent sent = awaitingReceipt.remove(r.getTaskId());
        NodeTrail chain = trail;
        if (sent == null) {
            progress.println("[" + siteId + "] a receipt for a task this node sent no result for; ignored");
        } else if (chain != null) {
            chain.receipt(sent.round(), sent.kind(), sent.sha256(), r.getEntry(), coordinatorCertificate);
        }
    }
}

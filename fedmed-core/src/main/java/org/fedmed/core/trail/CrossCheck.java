package org.fedmed.core.trail;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds a node's chain against the coordinator's. For each update the node released it holds the
 * coordinator's signed {@code update_received} entry as its receipt, and for each other result
 * (evaluation, statistics, explanation) its {@code result_received} entry; that entry must still be in
 * the coordinator's chain, unchanged, at its number. So a coordinator that rewrites its own store must
 * also forge receipts, which needs the node's key (the receipt sits in the node's signed chain). And
 * every update or result the coordinator records from a site must be one the site's chain says it released.
 */
public final class CrossCheck {

    /** What the cross-check found: problems and warnings (a release without a receipt: the upload may not have finished). */
    public record Result(List<Problem> problems, List<String> warnings) {
    }

    private CrossCheck() {
    }

    /**
     * @param coordinator the coordinator's chain (already verified on its own, so its certificates are known to {@code signers})
     * @param site        the node's site id
     * @param node        the node's chain (already verified on its own)
     */
    public static Result check(List<ChainEntry> coordinator, String site, List<ChainEntry> node, Signers signers) {
        String name = "node " + site;
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<Long, ChainEntry> bySeq = new HashMap<>();
        coordinator.forEach(e -> bySeq.put(e.seq(), e));
        Set<String> released = new HashSet<>(); // kind:round:digest of what this node released (sealed updates have no digest)
        for (ChainEntry e : node) {
            if (EntryType.RELEASED.equals(e.type()) && e.payload().get("digest") != null) {
                released.add(e.payload().get("kind") + ":" + e.round() + ":" + e.payload().get("digest"));
            }
        }
        Set<String> receipted = new HashSet<>();
        for (ChainEntry e : node) {
            if (!EntryType.RECEIPT.equals(e.type())) {
                continue;
            }
            ChainEntry r;
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) e.payload().get("receipt");
                if (m == null) {
                    throw new IllegalArgumentException("no receipt in the entry");
                }
                r = ChainEntry.fromMap(m);
            } catch (IllegalArgumentException | ClassCastException ex) {
                problems.add(new Problem(name, e.seq(), "unreadable receipt: " + ex.getMessage()));
                continue;
            }
            X509Certificate c = signers.certificate(r.key());
            ChainEntry held = bySeq.get(r.seq());
            boolean intact = r.computedHash().equals(r.hash());
            // a receipt identical to the coordinator's entry (same SHA-256 over body and signature) had its
            // signature checked with that entry; only a receipt that differs needs its own check
            boolean sameAsHeld = intact && held != null && held.hash().equals(r.hash()) && held.computedHash().equals(r.hash());
            if (c == null || !Signers.commonName(c).equals("coordinator") || !intact || !(sameAsHeld || r.signedBy(c.getPublicKey()))) {
                problems.add(new Problem(name, e.seq(), "the receipt of round " + r.round() + " is not signed by the coordinator"
                        + " (forged or edited receipt)"));
                continue;
            }
            String digest = String.valueOf(r.payload().get("digest"));
            String kind = receiptKind(r);
            String key = kind + ":" + r.round() + ":" + digest;
            if (!site.equals(r.payload().get("site")) || !released.contains(key)) {
                problems.add(new Problem(name, e.seq(), "the receipt of round " + r.round() + " (site " + r.payload().get("site")
                        + ", " + kind + ", digest " + ChainVerifier.shortKey(digest) + ") matches nothing this node released"));
            }
            receipted.add(key);
            if (held == null) {
                problems.add(new Problem("coordinator", r.seq(), "missing, but site " + site + " holds the coordinator's signed receipt for"
                        + " it (round " + r.round() + "): the coordinator's chain was cut or rewritten"));
            } else if (!sameAsHeld) {
                problems.add(new Problem("coordinator", r.seq(), "disagrees with the receipt site " + site + " holds for round " + r.round()
                        + " (digest " + ChainVerifier.shortKey(digest) + "): the coordinator's record was changed"));
            }
        }
        for (String k : released) {
            if (!receipted.contains(k)) {
                String[] parts = k.split(":", 3);
                warnings.add(name + ": no receipt for the " + parts[0] + " of round " + parts[1] + (parts[0].equals("update")
                        ? " (its upload may not have completed)" : " (refused or late at the coordinator, or from before receipts for"
                        + " results)"));
            }
        }
        for (ChainEntry e : coordinator) {
            String kind = receiptKind(e);
            if (kind != null && site.equals(e.payload().get("site"))
                    && !released.contains(kind + ":" + e.round() + ":" + e.payload().get("digest"))) {
                problems.add(new Problem("coordinator", e.seq(), "records " + (kind.equals("update") ? "an update" : "a result ("
                        + kind + ")") + " from site " + site + " in round " + e.round() + " that the site's chain does not show it released"));
            }
        }
        return new Result(problems, warnings);
    }

    /** What a coordinator entry acknowledges: "update", a result's kind, or null for any other entry. */
    public static String receiptKind(ChainEntry e) {
        if (EntryType.UPDATE_RECEIVED.equals(e.type())) {
            return "update";
        }
        return EntryType.RESULT_RECEIVED.equals(e.type()) ? String.valueOf(e.payload().get("kind")) : null;
    }
}

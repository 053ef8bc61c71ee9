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
 * coordinator's signed {@code update_received} entry as its receipt; that entry must still be in the
 * coordinator's chain, unchanged, at its number. So a coordinator that rewrites its own store must
 * also forge receipts, which needs the node's key (the receipt sits in the node's signed chain). And
 * every update the coordinator records from a site must be one the site's chain says it released.
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
        Set<String> released = new HashSet<>(); // round:digest of the updates this node released
        for (ChainEntry e : node) {
            if (EntryType.RELEASED.equals(e.type()) && "update".equals(e.payload().get("kind"))) {
                released.add(e.round() + ":" + e.payload().get("digest"));
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
            if (!site.equals(r.payload().get("site")) || !released.contains(r.round() + ":" + digest)) {
                problems.add(new Problem(name, e.seq(), "the receipt of round " + r.round() + " (site " + r.payload().get("site")
                        + ", digest " + ChainVerifier.shortKey(digest) + ") matches no update this node released"));
            }
            receipted.add(r.round() + ":" + digest);
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
                warnings.add(name + ": no receipt for the update of round " + k.substring(0, k.indexOf(':'))
                        + " (its upload may not have completed)");
            }
        }
        for (ChainEntry e : coordinator) {
            if (EntryType.UPDATE_RECEIVED.equals(e.type()) && site.equals(e.payload().get("site"))
                    && !released.contains(e.round() + ":" + e.payload().get("digest"))) {
                problems.add(new Problem("coordinator", e.seq(), "records an update from site " + site + " in round " + e.round()
                        + " that the site's chain does not show it released"));
            }
        }
        return new Result(problems, warnings);
    }
}

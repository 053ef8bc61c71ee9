package org.fedmed.core.trail;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks one chain on its own: numbering, hash links, each entry's hash and signature, that the
 * signer is a certificate the federation CA issued and had not revoked at the entry's time, that time
 * never runs backwards, and each round's Merkle root. In the coordinator's chain it also checks that
 * rounds close in order, one after another. Every problem is reported, none stops the check.
 *
 * <p>Signatures: each entry's body quotes the hash of the one before, so the signature of an entry
 * covers it and, through the links, every entry before it. By default the verifier therefore checks
 * the signature of the last entry of each run of entries by one key (at least the chain's last entry)
 * and every hash and link; if one of those signatures fails it checks every entry's signature to name
 * the entry. {@link #verifyEverySignature} checks them all from the start.
 */
public final class ChainVerifier {

    private ChainVerifier() {
    }

    /**
     * @param name   how problems name the chain ("coordinator", "node site-1")
     * @param author who must have written every entry ("coordinator" or the site id)
     * @return the problems found, in entry order
     */
    public static List<Problem> verify(String name, String author, List<ChainEntry> chain, Signers signers) {
        boolean[] failed = new boolean[1];
        List<Problem> endorsed = verify(name, author, chain, signers, false, failed);
        // a failed signature: check them all, to name the entry
        return failed[0] ? verify(name, author, chain, signers, true, failed) : endorsed;
    }

    /**
     * As {@link #verify(String, String, List, Signers)}, checking the signature of every entry: the
     * exhaustive check, slower by one signature verification per entry.
     */
    public static List<Problem> verifyEverySignature(String name, String author, List<ChainEntry> chain, Signers signers) {
        return verify(name, author, chain, signers, true, new boolean[1]);
    }

    /**
     * @param every  check every entry's signature; else only that of the last entry of each run of
     *               entries by one key, which covers every entry before it through the hash links
     * @param failed set when a checked signature failed
     */
    private static List<Problem> verify(String name, String author, List<ChainEntry> chain, Signers signers, boolean every,
                                        boolean[] failed) {
        List<Problem> out = new ArrayList<>();
        ChainEntry prev = null;
        List<String> leaves = new ArrayList<>();
        int lastClosed = 0;
        Set<String> introduced = new HashSet<>(); // keys this chain introduced: an entry is checked against these only
        for (int i = 0; i < chain.size(); i++) {
            ChainEntry e = chain.get(i);
            boolean checkSignature = every || i == chain.size() - 1 || !chain.get(i + 1).key().equals(e.key());
            long expected = prev == null ? 1 : prev.seq() + 1;
            if (e.seq() != expected) {
                out.add(new Problem(name, e.seq(), "numbered " + e.seq() + " where " + expected + " was due: "
                        + (e.seq() > expected ? "entries before it were deleted or moved" : "an entry was duplicated or moved")));
            }
            String prevHash = prev == null ? ChainEntry.GENESIS : prev.hash();
            if (!e.prev().equals(prevHash)) {
                out.add(new Problem(name, e.seq(), "does not link to the entry before it (" + (prev == null ? "chain start" : "entry "
                        + prev.seq()) + "): an entry was deleted, inserted or moved"));
            }
            boolean intact = e.computedHash().equals(e.hash());
            if (!intact) {
                out.add(new Problem(name, e.seq(), "its content does not match its hash: the " + e.type() + " entry"
                        + (e.round() > 0 ? " of round " + e.round() : "") + " was edited"));
            }
            failed[0] |= !checkSigner(name, author, e, signers, introduced, intact && checkSignature, out);
            if (prev != null && e.time().isBefore(prev.time())) {
                out.add(new Problem(name, e.seq(), "time " + e.time() + " is before the previous entry's (" + prev.time() + "): reordered"));
            }
            if (EntryType.ROUND_ROOT.equals(e.type())) {
                checkRoot(name, e, leaves, out);
                leaves.clear();
            } else if (e.round() > 0) {
                leaves.add(e.hash());
            }
            if (EntryType.ROUND_CLOSED.equals(e.type())) {
                if (e.round() <= lastClosed) {
                    out.add(new Problem(name, e.seq(), "round " + e.round() + " closes after round " + lastClosed
                            + ": rounds swapped or replayed"));
                } else if (e.round() > lastClosed + 1) {
                    out.add(new Problem(name, e.seq(), "round " + e.round() + " closes after round " + lastClosed + ": round"
                            + (e.round() == lastClosed + 2 ? " " + (lastClosed + 1) + " is" : "s " + (lastClosed + 1) + ".." + (e.round() - 1)
                            + " are") + " missing"));
                }
                lastClosed = Math.max(lastClosed, e.round());
            }
            prev = e;
        }
        return out;
    }

    /**
     * @param checkSignature whether to verify the signature (not for an edited entry: it fails anyway, and is not said twice)
     * @return false when the signature was checked and failed
     */
    private static boolean checkSigner(String name, String author, ChainEntry e, Signers signers, Set<String> introduced,
                                       boolean checkSignature, List<Problem> out) {
        if (EntryType.CHAIN_OPENED.equals(e.type()) && e.payload().get("certificate") instanceof String cert) {
            String refused = signers.introduce(cert);
            if (refused != null) {
                out.add(new Problem(name, e.seq(), "forged: " + refused));
                return true;
            }
            introduced.add(Signers.fingerprint(cert));
        }
        X509Certificate c = introduced.contains(e.key()) ? signers.certificate(e.key()) : null;
        if (c == null) {
            out.add(new Problem(name, e.seq(), "signed by an unknown key " + shortKey(e.key()) + ": no certificate of the federation CA"
                    + " introduced it (forged entry)"));
            return true;
        }
        if (!e.author().equals(author) || !Signers.commonName(c).equals(author)) {
            out.add(new Problem(name, e.seq(), "written by '" + e.author() + "' with the certificate of '" + Signers.commonName(c)
                    + "' in the chain of " + author + " (forged entry)"));
        }
        boolean signed = !checkSignature || e.signedBy(c.getPublicKey());
        if (!signed) {
            out.add(new Problem(name, e.seq(), "the signature of " + e.author() + " does not verify (edited or forged)"));
        }
        Instant revoked = signers.revokedAt(c);
        // a CRL states revocation times to the second: an entry of that very second gets the benefit of the doubt
        if (revoked != null && !e.time().isBefore(revoked.plusSeconds(1))) {
            out.add(new Problem(name, e.seq(), "signed at " + e.time() + " with the certificate of " + Signers.commonName(c) + " (serial "
                    + c.getSerialNumber().toString(16) + "), revoked at " + revoked));
        }
        if (EntryType.SITE_JOINED.equals(e.type()) && e.payload().get("certificate") instanceof String site) {
            String refused = signers.introduce(site);
            if (refused != null) {
                out.add(new Problem(name, e.seq(), "site_joined quotes a certificate the verifier refuses: " + refused));
            }
        }
        return signed;
    }

    private static void checkRoot(String name, ChainEntry e, List<String> leaves, List<Problem> out) {
        if (leaves.isEmpty()) {
            out.add(new Problem(name, e.seq(), "Merkle root of round " + e.round() + " over no entries"));
            return;
        }
        String root = new MerkleTree(leaves).root();
        Object stated = e.payload().get("root");
        Object count = e.payload().get("leaves");
        if (!root.equals(stated) || !(count instanceof Number n) || n.longValue() != leaves.size()) {
            out.add(new Problem(name, e.seq(), "the Merkle root of round " + e.round() + " does not match its " + leaves.size()
                    + " entries (an entry of the round was changed, removed or added)"));
        }
    }

    static String shortKey(String key) {
        return key.length() > 16 ? key.substring(0, 16) + "…" : key;
    }
}

package org.fedmed.net.trail;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.EntryType;
import org.fedmed.core.trail.MerkleTree;

/**
 * What a dishonest coordinator can do to its own chain: change one entry's payload, then re-sign it
 * and every entry after it with its own key, relinking hashes and recomputing the Merkle roots, so
 * that its chain alone verifies again.
 */
final class ChainRewrite {

    private ChainRewrite() {
    }

    static List<ChainEntry> rewrite(List<ChainEntry> chain, long seq, Map<String, Object> change, PrivateKey key) {
        List<ChainEntry> out = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        ChainEntry prev = null;
        for (ChainEntry e : chain) {
            ChainEntry next = e;
            if (e.seq() >= seq) {
                Map<String, Object> payload = new LinkedHashMap<>(e.payload());
                if (e.seq() == seq) {
                    payload.putAll(change);
                }
                if (e.type().equals(EntryType.ROUND_ROOT)) {
                    payload.put("root", new MerkleTree(leaves).root());
                }
                next = ChainEntry.sign(prev, e.time(), e.author(), e.key(), e.type(), e.round(), payload, key);
            }
            if (next.type().equals(EntryType.ROUND_ROOT)) {
                leaves.clear();
            } else if (next.round() > 0) {
                leaves.add(next.hash());
            }
            out.add(next);
            prev = next;
        }
        return out;
    }
}

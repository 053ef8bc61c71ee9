package org.fedmed.core.trail;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Merkle tree over one round's entry hashes, so that one entry can be shown to belong to a round
 * (an inclusion proof of log2(n) hashes) without handing over the rest. Leaves and inner nodes are
 * hashed with different prefixes (0x00, 0x01, as in RFC 6962), so an inner node cannot pass for a
 * leaf; a node without a sibling moves up unchanged.
 */
public final class MerkleTree {

    /** One step of a proof: the sibling's hash and whether it sits on the left. */
    public record Step(String sibling, boolean left) {
    }

    private final List<List<byte[]>> levels = new ArrayList<>();

    /** @param leaves hex hashes, in chain order; at least one */
    public MerkleTree(List<String> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        List<byte[]> level = new ArrayList<>();
        for (String leaf : leaves) {
            level.add(hash((byte) 0, HexFormat.of().parseHex(leaf), null));
        }
        levels.add(level);
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                up.add(i + 1 < level.size() ? hash((byte) 1, level.get(i), level.get(i + 1)) : level.get(i));
            }
            levels.add(up);
            level = up;
        }
    }

    public String root() {
        return HexFormat.of().formatHex(levels.get(levels.size() - 1).get(0));
    }

    /** The proof that leaf {@code index} is in this tree. */
    public List<Step> proof(int index) {
        List<Step> out = new ArrayList<>();
        int i = index;
        for (int l = 0; l < levels.size() - 1; l++) {
            List<byte[]> level = levels.get(l);
            int sibling = i ^ 1;
            if (sibling < level.size()) {
                out.add(new Step(HexFormat.of().formatHex(level.get(sibling)), sibling < i));
            }
            i /= 2;
        }
        return out;
    }

    /** Whether {@code leaf} (a hex entry hash) with {@code proof} leads to {@code root}. */
    public static boolean verify(String leaf, List<Step> proof, String root) {
        byte[] h = hash((byte) 0, HexFormat.of().parseHex(leaf), null);
        for (Step s : proof) {
            byte[] sib = HexFormat.of().parseHex(s.sibling());
            h = s.left() ? hash((byte) 1, sib, h) : hash((byte) 1, h, sib);
        }
        return HexFormat.of().formatHex(h).equals(root);
    }

    private static byte[] hash(byte prefix, byte[] a, byte[] b) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(prefix);
            d.update(a);
            if (b != null) {
                d.update(b);
            }
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

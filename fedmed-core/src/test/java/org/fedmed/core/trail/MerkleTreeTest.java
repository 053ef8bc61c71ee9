package org.fedmed.core.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static List<String> leaves(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ChainEntry.sha256(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void everyLeafHasAProofToTheRootAndNoOtherLeafUsesIt() {
        for (int n = 1; n <= 9; n++) {
            List<String> leaves = leaves(n);
            MerkleTree t = new MerkleTree(leaves);
            for (int i = 0; i < n; i++) {
                List<MerkleTree.Step> proof = t.proof(i);
                assertTrue(MerkleTree.verify(leaves.get(i), proof, t.root()), n + " leaves, leaf " + i);
                assertTrue(proof.size() <= 32 - Integer.numberOfLeadingZeros(n - 1 | 1), "log2(n) steps");
                String other = leaves.get((i + 1) % n);
                assertEquals(n == 1, MerkleTree.verify(other, proof, t.root()), "another leaf with this proof");
                assertFalse(MerkleTree.verify(ChainEntry.sha256(new byte[] {1}), proof, t.root()));
            }
        }
    }

    @Test
    void theRootChangesWithAnyLeafAndWithTheirOrder() {
        List<String> leaves = leaves(5);
        String root = new MerkleTree(leaves).root();
        for (int i = 0; i < leaves.size(); i++) {
            List<String> changed = new ArrayList<>(leaves);
            changed.set(i, ChainEntry.sha256(new byte[] {(byte) i}));
            assertNotEquals(root, new MerkleTree(changed).root());
        }
        List<String> swapped = new ArrayList<>(leaves);
        swapped.set(0, leaves.get(1));
        swapped.set(1, leaves.get(0));
        assertNotEquals(root, new MerkleTree(swapped).root());
        assertNotEquals(root, new MerkleTree(leaves.subList(0, 4)).root(), "a removed leaf");
    }

    @Test
    void aTwoLeafTreeIsNotTheLeafOfAnother() {
        // an inner node hashed as a leaf must not give the same root (leaf and node prefixes differ)
        List<String> two = leaves(2);
        MerkleTree t = new MerkleTree(two);
        assertNotEquals(t.root(), new MerkleTree(List.of(t.root())).root());
        assertThrows(IllegalArgumentException.class, () -> new MerkleTree(List.of()));
    }
}

package org.fedmed.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskStreamCombineTest {

    @Test
    void combiningAllStreamsAtOnceEqualsAddingThemOneByOne() {
        Random r = new Random(3);
        for (int bits : new int[] {32, 20}) {
            Ring ring = new Ring(bits);
            int n = 3 * MaskStream.CHUNK_BYTES / 4 + 17; // crosses chunk boundaries, ends mid-block
            int[] base = new int[n];
            for (int i = 0; i < n; i++) {
                base[i] = r.nextInt() & ring.mask();
            }
            List<byte[]> seeds = new ArrayList<>();
            int[] signs = {1, -1, 1, -1, -1};
            for (int j = 0; j < signs.length; j++) {
                byte[] s = new byte[32];
                r.nextBytes(s);
                seeds.add(s);
            }
            int[] one = base.clone();
            for (int j = 0; j < signs.length; j++) {
                if (signs[j] > 0) {
                    MaskStream.add(one, seeds.get(j), ring);
                } else {
                    MaskStream.subtract(one, seeds.get(j), ring);
                }
            }
            int[] all = base.clone();
            MaskStream.combineAll(all, seeds, signs, ring);
            assertArrayEquals(one, all, bits + " bits");
        }
    }
}

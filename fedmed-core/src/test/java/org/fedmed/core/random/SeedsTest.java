package org.fedmed.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded splits, partitions and training seeds depend on these exact bits: the values are pinned. */
class SeedsTest {

    @Test
    void mixOfRoundAndSiteIsPinned() {
        assertEquals(3438619467854070792L, Seeds.mix(42, 1, "site-1".hashCode()));
        assertEquals(-485970725520230419L, Seeds.mix(42, 3, 0x5A4D50L));
        assertEquals(3996108725843593092L, Seeds.mix(0, 0, 0));
        assertEquals(5964422753655661700L, Seeds.mix(-7, 12, -1));
    }

    @Test
    void streamsArePinned() {
        assertEquals(895013339573942430L, Seeds.stream(42, 0).nextLong());
        assertEquals(3655487318776258049L, Seeds.stream(7, 3).nextLong());
    }

    @Test
    void saltingIsAPlainXor() {
        assertEquals(0x6E6F697364L, Seeds.salted(1, 0x6E6F697365L));
        assertEquals(42L ^ "site-1".hashCode(), Seeds.salted(42, "site-1".hashCode()));
    }

    @Test
    void aStreamIsSeededWithTheFirstStepOfTheMix() {
        assertEquals(new Random(Seeds.mix(9, 4)).nextLong(), Seeds.stream(9, 4).nextLong());
        assertNotEquals(Seeds.mix(9, 4), Seeds.mix(9, 5));
        assertNotEquals(Seeds.mix(9, 4, 0), Seeds.mix(9, 4, 1));
    }
}

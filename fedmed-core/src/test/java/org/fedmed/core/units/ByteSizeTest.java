package org.fedmed.core.units;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void smallCountsAreWholeBytes() {
        assertEquals("0 B", ByteSize.human(0));
        assertEquals("999 B", ByteSize.human(999));
    }

    @Test
    void largerCountsTakeTheLargestDecimalUnitWithOneDecimal() {
        assertEquals("1.0 kB", ByteSize.human(1000));
        assertEquals("1.5 kB", ByteSize.human(1500));
        assertEquals("40.0 MB", ByteSize.human(40_000_000));
        assertEquals("4.2 GB", ByteSize.human(4_200_000_000L));
        assertEquals("9.2 EB", ByteSize.human(Long.MAX_VALUE));
    }

    @Test
    void roundingUpToAThousandMovesToTheNextUnit() {
        assertEquals("999.9 kB", ByteSize.human(999_900));
        assertEquals("1.0 MB", ByteSize.human(999_950));
        assertEquals("1.0 MB", ByteSize.human(999_999));
    }
}

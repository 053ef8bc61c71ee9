package org.fedmed.bench.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LocalEpochBenchmarkTest {

    @Test
    void optionsOverrideTheDefaultsAndUnknownOnesAreRefused() {
        LocalEpochBenchmark.Options o = LocalEpochBenchmark.parse(new String[] {"--images", "100", "--reps", "3", "--no-malloc-tuning"});
        assertEquals(100, o.images());
        assertEquals(3, o.reps());
        assertEquals(64, o.batch());
        assertFalse(o.mallocTuning());
        assertNull(LocalEpochBenchmark.parse(new String[] {"--help"}));
        assertThrows(IllegalArgumentException.class, () -> LocalEpochBenchmark.parse(new String[] {"--bogus", "1"}));
    }
}

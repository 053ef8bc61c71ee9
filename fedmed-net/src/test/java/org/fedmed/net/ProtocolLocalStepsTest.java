package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.training.TrainingConfig;
import org.junit.jupiter.api.Test;

/** A step budget has no field in FitTask yet: it must be refused, not turned into epochs on the node. */
class ProtocolLocalStepsTest {

    @Test
    void localStepsAreRefusedAndEpochsStillTravel() {
        TrainingConfig epochs = TrainingConfig.defaults().withLocalEpochs(3);
        assertEquals(3, Protocol.fitTask(epochs, SitePlan.none()).getLocalEpochs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Protocol.fitTask(epochs.withLocalSteps(100), SitePlan.none()));
        assertTrue(e.getMessage().contains("local steps"), e.getMessage());
    }
}

package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.training.Augmentation;
import org.fedmed.core.training.TrainingConfig;
import org.junit.jupiter.api.Test;

/** FitTask has no field for augmentation yet: a fit asking for it is refused rather than sent without it. */
class ProtocolAugmentTest {

    @Test
    void augmentationIsRefusedAndPlainTrainingStillTravels() {
        TrainingConfig plain = TrainingConfig.defaults().withLocalEpochs(2);
        assertEquals(plain, Protocol.trainingConfig(Protocol.fitTask(plain, SitePlan.none())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Protocol.fitTask(plain.withAugment(Augmentation.parse("flip")), SitePlan.none()));
        assertEquals("augment (flip) is not sent to deployed nodes yet; remove it", e.getMessage());
    }
}

package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.training.Augmentation;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.net.proto.FitTask;
import org.junit.jupiter.api.Test;

/** The study's image augmentation travels in the fit task, and a node reads back exactly what was sent. */
class ProtocolAugmentTest {

    @Test
    void augmentationTravelsAndAMalformedOneIsNamed() {
        TrainingConfig plain = TrainingConfig.defaults().withLocalEpochs(2);
        assertEquals(plain, Protocol.trainingConfig(Protocol.fitTask(plain, SitePlan.none())));
        assertEquals("", Protocol.fitTask(plain, SitePlan.none()).getAugment(), "no augmentation: the field stays unset");
        TrainingConfig augmented = plain.withAugment(Augmentation.parse("flip,shift:2"));
        FitTask task = Protocol.fitTask(augmented, SitePlan.none());
        assertEquals("flip,shift:2", task.getAugment());
        assertEquals(augmented, Protocol.trainingConfig(task));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Protocol.trainingConfig(task.toBuilder().setAugment("melt").build()));
        assertEquals(e.getMessage(), assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("melt")).getMessage());
    }
}

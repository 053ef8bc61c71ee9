package org.fedmed.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AugmentationTest {

    @Test
    void readsTheListInAnyOrderAndWritesItBackInOne() {
        Augmentation a = Augmentation.parse(" gain:0.1, FLIP ,rotate:10,shift:2");
        assertEquals(new Augmentation(true, 2, 10, 0.1), a);
        assertEquals("flip,shift:2,rotate:10.0,gain:0.1", a.toString());
        assertEquals(a, Augmentation.parse(a.toString()));
        assertEquals(new Augmentation(true, 0, 0, 0), Augmentation.parse("flip"));
        assertFalse(a.isNone());
    }

    @Test
    void noneAndEmptyMeanNothing() {
        assertSame(Augmentation.NONE, Augmentation.parse("none"));
        assertSame(Augmentation.NONE, Augmentation.parse(" "));
        assertSame(Augmentation.NONE, Augmentation.parse(null));
        assertTrue(Augmentation.NONE.isNone());
        assertEquals("none", Augmentation.NONE.toString());
    }

    @Test
    void aBadPartIsNamedOnOneLine() {
        assertMessage("unknown augmentation 'mirror' in 'flip,mirror'; known: none, flip, shift:<pixels>, rotate:<degrees>, gain:<r>",
                "flip,mirror");
        assertMessage("augmentation 'shift' needs a value, e.g. shift:2", "shift");
        assertMessage("augmentation 'shift:1.5': '1.5' is not a whole number of pixels", "shift:1.5");
        assertMessage("augmentation 'rotate:x': 'x' is not a number", "rotate:x");
        assertMessage("flip takes no value, got 'flip:1'", "flip:1");
        assertMessage("augmentation 'flip' is given twice in 'flip,flip'", "flip,flip");
        assertMessage("augmentation 'shift:40': shift must be 0 to 16 pixels, got 40", "shift:40");
        assertMessage("augmentation 'gain:1.5': gain must be in [0, 1), got 1.5", "gain:1.5");
        assertMessage("augmentation 'rotate:-5': rotate must be 0 to 180 degrees, got -5.0", "rotate:-5");
        assertMessage("augmentation 'shift:0' changes nothing; write none", "shift:0");
        assertMessage("unknown augmentation '' in 'flip,'; known: none, flip, shift:<pixels>, rotate:<degrees>, gain:<r>", "flip,");
    }

    @Test
    void trainingCarriesItThroughEveryWither() {
        Augmentation a = Augmentation.parse("flip,shift:1");
        TrainingConfig c = TrainingConfig.defaults().withAugment(a);
        assertEquals(a, c.withSeed(3).withLearningRate(0.1).withProximalMu(0.2).withLocalEpochs(2).withLocalSteps(5).withDpSgd(null)
                .augment());
        assertSame(Augmentation.NONE, TrainingConfig.defaults().augment());
        assertSame(Augmentation.NONE, TrainingConfig.defaults().withAugment(null).augment());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withDpSgd(new DpSgd(1.0, 1.0, true)));
        assertEquals("augmentation (flip,shift:1) cannot be combined with DP-SGD yet", e.getMessage());
    }

    private static void assertMessage(String expected, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse(text));
        assertEquals(expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}

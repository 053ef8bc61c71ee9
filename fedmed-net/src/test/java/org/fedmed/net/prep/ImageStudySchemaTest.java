package org.fedmed.net.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.data.read.ImageInput;
import org.fedmed.net.proto.DataSchema;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.OwnDataStudy;
import org.junit.jupiter.api.Test;

/** An image study's data keys, from the study file to the node (DataSchema.image) and into the model's input shape. */
class ImageStudySchemaTest {

    private static Map<String, Object> section(Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("label", "finding", "classes", List.of("normal", "pneumonia")));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void imageKeysMakeAnImageStudyAndTravelToTheNode() {
        OwnDataStudy study = OwnDataStudy.fromSection(section("image_size", "32x24", "modality", "CR", "view", "PA",
                "window_center", 40, "window_width", "400"), 0.2, 7);
        ImageInput image = study.schema().table().image();
        assertEquals(new ImageInput(32, 24, "CR", "PA", 40, 400), image);
        assertArrayEquals(new int[] {1, 32, 24}, study.inputShape(32 * 24));
        OwnDataSchema back = PrepProtocol.schema(PrepProtocol.schema(study.schema()));
        assertEquals(study.schema(), back);
        OwnDataStudy anyWindow = OwnDataStudy.fromSection(section("modality", "CR"), 0.2, 7);
        assertEquals(new ImageInput(28, 28, "CR", null, Double.NaN, Double.NaN), anyWindow.schema().table().image());
        assertEquals(anyWindow.schema().table(), PrepProtocol.schema(PrepProtocol.schema(anyWindow.schema())).table());
        assertNotEquals(anyWindow.fingerprint(), OwnDataStudy.fromSection(section("modality", "CT"), 0.2, 7).fingerprint(),
                "a store is never resumed with another modality");
    }

    @Test
    void aNodeRefusesAnImageTooLargeWhateverTheCoordinatorSends() {
        OwnDataStudy study = OwnDataStudy.fromSection(section("modality", "CR"), 0.2, 7);
        DataSchema huge = PrepProtocol.schema(study.schema()).toBuilder()
                .setImage(org.fedmed.net.proto.ImageInput.newBuilder().setHeight(4000).setWidth(4000)).build();
        assertEquals("image size must be at least 1x1 and at most 10000 pixels (e.g. 100x100), got 4000x4000",
                assertThrows(IllegalArgumentException.class, () -> PrepProtocol.schema(huge)).getMessage());
    }

    @Test
    void aTabularStudyStaysTabular() {
        OwnDataStudy study = OwnDataStudy.fromSection(section(), 0.2, 7);
        assertNull(study.schema().table().image());
        assertArrayEquals(new int[] {5}, study.inputShape(5));
        assertNull(PrepProtocol.schema(PrepProtocol.schema(study.schema())).table().image());
    }

    @Test
    void badImageKeysNameTheKey() {
        assertEquals("study.data.image_size must be N or HxW (pixels), got 'big'", assertThrows(IllegalArgumentException.class,
                () -> OwnDataStudy.fromSection(section("image_size", "big"), 0.2, 7)).getMessage());
        assertEquals("study.data.window_center and study.data.window_width go together", assertThrows(
                IllegalArgumentException.class, () -> OwnDataStudy.fromSection(section("window_center", 40), 0.2, 7)).getMessage());
        assertEquals("study.data: image size must be at least 1x1 and at most 10000 pixels (e.g. 100x100), got 5000x5000",
                assertThrows(
                IllegalArgumentException.class, () -> OwnDataStudy.fromSection(section("image_size", 5000), 0.2, 7)).getMessage());
        OwnDataStudy study = OwnDataStudy.fromSection(section("image_size", 28), 0.2, 7);
        assertEquals("an image study needs all 784 pixel columns of its 28x28 images; the preprocessing kept 700",
                assertThrows(IllegalArgumentException.class, () -> study.inputShape(700)).getMessage());
    }
}

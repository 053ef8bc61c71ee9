package org.fedmed.learn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.fedmed.core.training.Augmentation;
import org.junit.jupiter.api.Test;

class ImageAugmenterTest {

    private static final int[] SHAPE = {2, 5, 7};
    private static final int SIZE = 2 * 5 * 7;

    /** Distinct values: pixel (c, y, x) of example e holds e·1000 + c·100 + y·10 + x. */
    private static float[] images(int n) {
        float[] v = new float[n * SIZE];
        for (int e = 0; e < n; e++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 7; x++) {
                        v[e * SIZE + c * 35 + y * 7 + x] = e * 1000 + c * 100 + y * 10 + x;
                    }
                }
            }
        }
        return v;
    }

    @Test
    void aSeedGivesTheSameImagesAndTheInputStaysAsItWas() {
        ImageAugmenter a = new ImageAugmenter(Augmentation.parse("flip,shift:2,rotate:15,gain:0.2"), SHAPE);
        float[] in = images(20);
        float[] copy = in.clone();
        float[] first = a.apply(in, new Random(5));
        assertArrayEquals(first, a.apply(in, new Random(5)));
        assertArrayEquals(copy, in);
        assertFalse(Arrays.equals(first, a.apply(in, new Random(6))), "another seed, other images");
        assertFalse(Arrays.equals(first, in));
    }

    @Test
    void flipMirrorsEachImageExactlyOrLeavesItAlone() {
        ImageAugmenter a = new ImageAugmenter(Augmentation.parse("flip"), SHAPE);
        float[] in = images(40);
        float[] out = a.apply(in, new Random(1));
        int mirrored = 0;
        for (int e = 0; e < 40; e++) {
            float[] original = Arrays.copyOfRange(in, e * SIZE, (e + 1) * SIZE);
            float[] got = Arrays.copyOfRange(out, e * SIZE, (e + 1) * SIZE);
            if (Arrays.equals(original, got)) {
                continue;
            }
            mirrored++;
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 7; x++) {
                        assertEquals(original[c * 35 + y * 7 + (6 - x)], got[c * 35 + y * 7 + x], "example " + e);
                    }
                }
            }
        }
        assertTrue(mirrored > 10 && mirrored < 30, "about half mirrored, got " + mirrored);
    }

    @Test
    void shiftMovesWholePixelsAndRepeatsTheEdge() {
        ImageAugmenter a = new ImageAugmenter(Augmentation.parse("shift:2"), SHAPE);
        float[] in = images(30);
        float[] out = a.apply(in, new Random(2));
        boolean moved = false;
        for (int e = 0; e < 30; e++) {
            // the value at (0, 2, 3) is x·1 + y·10 of its source pixel: read the shift back from it
            float centre = out[e * SIZE + 2 * 7 + 3] - e * 1000;
            int dx = 3 - (int) centre % 10;
            int dy = 2 - (int) centre / 10;
            assertTrue(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, "shift within 2 pixels, got " + dx + ", " + dy);
            moved |= dx != 0 || dy != 0;
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 7; x++) {
                        int sx = Math.max(0, Math.min(6, x - dx));
                        int sy = Math.max(0, Math.min(4, y - dy));
                        assertEquals(in[e * SIZE + c * 35 + sy * 7 + sx], out[e * SIZE + c * 35 + y * 7 + x]);
                    }
                }
            }
        }
        assertTrue(moved);
    }

    @Test
    void rotationKeepsAFlatImageFlatAndGainStaysInItsRange() {
        float[] flat = new float[3 * SIZE];
        Arrays.fill(flat, 0.5f);
        float[] rotated = new ImageAugmenter(Augmentation.parse("rotate:30"), SHAPE).apply(flat, new Random(3));
        for (float v : rotated) {
            assertEquals(0.5f, v, 1e-6f);
        }
        float[] gained = new ImageAugmenter(Augmentation.parse("gain:0.2"), SHAPE).apply(flat, new Random(3));
        for (int e = 0; e < 3; e++) {
            float g = gained[e * SIZE] / 0.5f;
            assertTrue(g >= 0.8f && g <= 1.2f, "gain " + g);
            for (int i = 0; i < SIZE; i++) {
                assertEquals(gained[e * SIZE], gained[e * SIZE + i], "one gain per image");
            }
        }
    }

    @Test
    void refusesWhatIsNotAnImageOrAShiftLargerThanIt() {
        assertEquals("augmentation needs image input [channels, height, width], got [1, 96]",
                assertThrows(IllegalArgumentException.class, () -> new ImageAugmenter(Augmentation.parse("flip"), new int[] {1, 96}))
                        .getMessage());
        assertEquals("augmentation shift:3 is too large for 5x7 images (at most 2 pixels)",
                assertThrows(IllegalArgumentException.class, () -> new ImageAugmenter(Augmentation.parse("shift:3"), SHAPE))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ImageAugmenter(Augmentation.parse("flip"), SHAPE).apply(new float[5],
                new Random(1)));
    }
}

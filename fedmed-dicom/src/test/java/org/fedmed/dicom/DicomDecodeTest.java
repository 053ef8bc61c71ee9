package org.fedmed.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.fedmed.data.read.ImageInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bundled file decodes. Reference figures (stored values before rescale: min, max, sum) come from
 * datasets/README.md section 9, computed outside FedMed (python over the raw Pixel Data of the uncompressed
 * files; the shared data notes for RG2 and RG3).
 */
class DicomDecodeTest {

    static final Path DIR = Path.of("..", "datasets", "dicom");

    @ParameterizedTest
    @CsvSource({
        "CT_small.dcm, EXPLICIT_VR_LITTLE_ENDIAN, 16384, 128, 2191, 14826310",
        "MR_small.dcm, EXPLICIT_VR_LITTLE_ENDIAN, 4096, 127, 2145, 2125338",
        "MR_small_implicit.dcm, IMPLICIT_VR_LITTLE_ENDIAN, 4096, 127, 2145, 2125338",
        "MR_small_RLE.dcm, RLE_LOSSLESS, 4096, 127, 2145, 2125338",
        "MR_small_jp2klossless.dcm, JPEG_2000_LOSSLESS, 4096, 127, 2145, 2125338",
        "CR_6154.dcm, EXPLICIT_VR_LITTLE_ENDIAN, 256, 1994, 2802, 646091",
        "RG2_JPLL.dcm, JPEG_LOSSLESS_SV1, 3766400, 0, 893, 1696297313",
        "RG3_J2KR.dcm, JPEG_2000_LOSSLESS, 3097600, 0, 1023, 1030616989"})
    void everyBundledFileDecodesToItsReferenceValues(String file, TransferSyntax syntax, int pixels, int min, int max, long sum) {
        assertEquals(syntax, DicomParser.read(DIR.resolve(file)).syntax());
        int[] v = DicomImage.storedValues(DIR.resolve(file));
        assertEquals(pixels, v.length);
        long s = 0;
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int x : v) {
            s += x;
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        assertEquals(min, lo, file);
        assertEquals(max, hi, file);
        assertEquals(sum, s, file);
    }

    @Test
    void compressedAndImplicitCopiesOfMrSmallMatchTheUncompressedPixelForPixel() {
        int[] reference = DicomImage.storedValues(DIR.resolve("MR_small.dcm"));
        // the first pixels as the raw Pixel Data holds them (int16 little endian), read with python
        assertArrayEquals(new int[] {905, 1019, 1227, 1259, 761}, Arrays.copyOf(reference, 5));
        for (String f : new String[] {"MR_small_implicit.dcm", "MR_small_RLE.dcm", "MR_small_jp2klossless.dcm"}) {
            assertArrayEquals(reference, DicomImage.storedValues(DIR.resolve(f)), f);
        }
    }

    @Test
    void monochrome1IsInvertedAfterRescaleAndTheStudysWindow() {
        // CR_6154: 16x16, MONOCHROME1, slope 0.684, intercept 200; stored min 1994 (the brightest pixel once inverted)
        double center = 1840;
        double width = 600;
        ImageInput input = new ImageInput(16, 16, null, null, center, width);
        float[] y = DicomImage.read(DIR.resolve("CR_6154.dcm"), input).pixels();
        int[] stored = DicomImage.storedValues(DIR.resolve("CR_6154.dcm"));
        for (int i = 0; i < stored.length; i++) {
            double x = stored[i] * 0.684 + 200;
            // PS3.3 C.11.2.1.2.1, linear function, then MONOCHROME1 inverted
            double v = Math.min(1, Math.max(0, (x - (center - 0.5)) / (width - 1) + 0.5));
            assertEquals(1 - v, y[i], 1e-5, "pixel " + i);
        }
        int brightest = 0;
        for (int i = 1; i < y.length; i++) {
            brightest = y[i] > y[brightest] ? i : brightest;
        }
        assertEquals(1994, stored[brightest], "the lowest stored value is white in MONOCHROME1");
    }

    @Test
    void theFilesWindowMapsItsEndsToZeroAndOne() {
        // MR_small: Window Center 600, Width 1600 → [-200.5, 1399.5] spans [0, 1]; values above it saturate at 1
        float[] y = DicomImage.read(DIR.resolve("MR_small.dcm"), new ImageInput(64, 64, null, null, Double.NaN, Double.NaN))
                .pixels();
        int[] stored = DicomImage.storedValues(DIR.resolve("MR_small.dcm"));
        for (int i = 0; i < stored.length; i++) {
            double expected = stored[i] > 1399 ? 1 : (stored[i] - 599.5) / 1599 + 0.5;
            assertEquals(expected, y[i], 1e-5, "pixel " + i);
        }
    }

    @Test
    void withoutAWindowTheFramesRangeIsUsed() {
        // CT_small has no window: its rescaled range, stored 128 .. 2191 minus 1024 HU, is the window
        DicomObject d = DicomParser.read(DIR.resolve("CT_small.dcm"));
        int[] stored = DicomImage.storedValues(DIR.resolve("CT_small.dcm"));
        double[] hu = Arrays.stream(stored).mapToDouble(v -> v - 1024.0).toArray();
        PixelPipeline.Window w = PixelPipeline.window(d, ImageInput.DEFAULT, hu);
        assertEquals("range", w.from());
        assertEquals(1167 - -896 + 1, w.width(), 1e-9);
        // the linear function maps -896 to 0 and 1167 to 1: lo = c - 0.5 - (w - 1) / 2 = -896
        assertEquals(-896, w.center() - 0.5 - (w.width() - 1) / 2, 1e-9);
        float[] y = DicomImage.read(DIR.resolve("CT_small.dcm"), new ImageInput(64, 64, null, null, Double.NaN, Double.NaN))
                .pixels();
        for (float v : y) {
            assertTrue(v >= 0 && v <= 1, "value " + v);
        }
    }

    @Test
    void resizingAveragesTheAreaEachOutputPixelCovers() {
        float[] full = DicomImage.read(DIR.resolve("MR_small.dcm"), new ImageInput(64, 64, null, null, 1000, 2400)).pixels();
        float[] half = DicomImage.read(DIR.resolve("MR_small.dcm"), new ImageInput(32, 32, null, null, 1000, 2400)).pixels();
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 32; c++) {
                double mean = (full[2 * r * 64 + 2 * c] + full[2 * r * 64 + 2 * c + 1] + full[(2 * r + 1) * 64 + 2 * c]
                        + full[(2 * r + 1) * 64 + 2 * c + 1]) / 4.0;
                assertEquals(mean, half[r * 32 + c], 1e-5);
            }
        }
        float[] model = DicomImage.read(DIR.resolve("RG2_JPLL.dcm"), ImageInput.DEFAULT).pixels();
        assertEquals(28 * 28, model.length);
        for (float v : model) {
            assertTrue(v >= 0 && v <= 1, "model input in [0, 1] like the bundled image data: " + v);
        }
    }
}

package org.fedmed.data.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.data.DatasetCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled UCR heartbeats read with the archive's counts; a malformed file names its line and column. */
class UcrReaderTest {

    private static final Path ECG = DatasetCatalog.defaultDataRoot().resolve("ecg_ucr");

    @TempDir
    Path dir;

    @Test
    void ecg200HasTheArchivesCountsWithInfarctionAsTheDiseaseClass() {
        LabeledSamples train = UcrReader.read(ECG.resolve("ECG200_TRAIN.txt"), UcrReader.ECG200_LABELS, UcrReader.ECG200_CLASSES);
        LabeledSamples test = UcrReader.read(ECG.resolve("ECG200_TEST.txt"), UcrReader.ECG200_LABELS, UcrReader.ECG200_CLASSES);
        assertArrayEquals(new int[] {1, 96}, train.featureShape());
        // the archive: train 69 normal / 31 infarction (its label -1), test 64 / 36
        assertArrayEquals(new long[] {69, 31}, train.labelCounts());
        assertArrayEquals(new long[] {64, 36}, test.labelCounts());
        assertEquals("myocardial infarction", train.classNames().get(1));
        // z-normalized series: each has mean about 0
        for (int i = 0; i < 5; i++) {
            double sum = 0;
            for (int t = 0; t < 96; t++) {
                sum += train.features()[i * 96 + t];
            }
            assertEquals(0, sum / 96, 1e-3, "series " + i);
        }
    }

    @Test
    void ecg5000TrainingSplitHasFiveClasses() {
        LabeledSamples s = UcrReader.read(ECG.resolve("ECG5000_TRAIN.txt"), UcrReader.ECG5000_LABELS, UcrReader.ECG5000_CLASSES);
        assertArrayEquals(new int[] {1, 140}, s.featureShape());
        assertArrayEquals(new long[] {292, 177, 10, 19, 2}, s.labelCounts());
    }

    private DataFormatException bad(String content) throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, content);
        return assertThrows(DataFormatException.class, () -> UcrReader.read(f, UcrReader.ECG200_LABELS, UcrReader.ECG200_CLASSES));
    }

    @Test
    void malformedLinesAreNamed() throws IOException {
        DataFormatException label = bad("1 0.5 0.25 -0.75\n2 0.5 0.25 -0.75\n");
        assertEquals(2, label.line());
        assertEquals("label", label.field());
        assertTrue(label.getMessage().contains("unknown label"), label.getMessage());
        DataFormatException length = bad("1 0.5 0.25 -0.75\n-1 0.5 0.25\n");
        assertEquals(2, length.line());
        assertTrue(length.getMessage().contains("length 2, but the file's first series has length 3"), length.getMessage());
        DataFormatException value = bad("1 0.5 x -0.75\n");
        assertEquals("value 2", value.field());
        DataFormatException nan = bad("1 0.5 NaN -0.75\n");
        assertTrue(nan.getMessage().contains("not a finite number"), nan.getMessage());
        DataFormatException empty = bad("\n\n");
        assertTrue(empty.getMessage().contains("no series"), empty.getMessage());
    }
}

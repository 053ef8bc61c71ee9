package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedmed data inspect dicom:DIR --labels FILE [--schema study.yaml]} on the bundled DICOM files. */
class DicomInspectCommandTest {

    static final Path DICOM = Path.of("..", "datasets", "dicom");
    static final String LABELS = Path.of("..", "datasets", "dicom-labels.csv").toString();

    @TempDir
    Path tmp;

    @Test
    void theBundledFolderShowsDecodeResultsImageSizeAndLabels() {
        CliRun r = CliRun.of("data", "inspect", "dicom:" + DICOM, "--labels", LABELS);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("DICOM folder " + DICOM + ": 8 files; model input 28x28\n"), r.out());
        assertTrue(r.out().contains("  RLE Lossless ") && r.out().contains("{128x128=1, 16x16=1, 1760x1760=1, 2140x1760=1, 64x64=4}"),
                r.out());
        assertTrue(r.out().contains("rows=8 features=784 (pixels of 28x28, values in [0, 1])\nlabels: cross_section=5 xray=3"),
                r.out());
    }

    @Test
    void theStudysModalityAndViewSkipOtherImagesAndABadFileIsListed() throws IOException {
        Path study = Files.writeString(tmp.resolve("study.yaml"), "study:\n  data:\n    label: kind\n    classes: [cross_section, xray]\n"
                + "    image_size: 32\n    modality: CR\n");
        CliRun r = CliRun.of("data", "inspect", "dicom:" + DICOM, "--labels", LABELS, "--schema", study.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("model input 32x32, modality CR\n"), r.out());
        assertTrue(r.out().contains("skipped 4: modality MR where the study expects CR\n"), r.out());
        assertTrue(r.out().contains("rows=3 features=1024"), r.out());
        Path folder = Files.createDirectories(tmp.resolve("images"));
        Files.copy(DICOM.resolve("MR_small.dcm"), folder.resolve("a.dcm"));
        Files.writeString(folder.resolve("notes.txt"), "x".repeat(200));
        Path labels = Files.write(tmp.resolve("labels.csv"), List.of("file,kind", "a.dcm,xray", "notes.txt,xray"));
        CliRun bad = CliRun.of("data", "inspect", "dicom:" + folder, "--labels", labels.toString(), "--schema", study.toString());
        assertEquals(1, bad.code(), bad.out());
        assertTrue(bad.out().contains("refused: " + folder.resolve("notes.txt") + ": is not a DICOM Part-10 file"), bad.out());
        assertFalse(bad.out().contains("CompressedSamples") || bad.out().contains("4MR1"), bad.out());
    }

    @Test
    void aDicomFolderNeedsItsLabelsFile() {
        CliRun r = CliRun.of("data", "inspect", "dicom:" + DICOM);
        assertEquals(1, r.code());
        assertEquals("fedmed: error: --data dicom:DIR needs --labels FILE (a CSV file: file,LABEL per image)", r.err().strip());
    }
}

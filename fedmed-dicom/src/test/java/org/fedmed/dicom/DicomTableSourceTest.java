package org.fedmed.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedmed.data.read.DataFormatException;
import org.fedmed.data.read.ImageInput;
import org.fedmed.data.read.RawTable;
import org.fedmed.data.read.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder and its labels file as a table; refusals name the file and never a patient's data. */
class DicomTableSourceTest {

    static final Path LABELS = Path.of("..", "datasets", "dicom-labels.csv");
    static final TableSchema KIND = new TableSchema("kind", List.of("cross_section", "xray"), List.of());
    /** Patient names, IDs, a birth date and an accession number in the bundled files (read with python). */
    static final List<String> PATIENT_DATA = List.of("CompressedSamples", "Doe^Archibald", "Archibald", "77654033", "1CT1", "4MR1",
            "10RG2", "11RG3", "19790408", "FUJI95706");

    @Test
    void theBundledFolderIsEightRowsOfModelInput() {
        List<String> log = new ArrayList<>();
        RawTable t = new DicomTableSource(DicomDecodeTest.DIR, LABELS, log::add).read(KIND);
        assertEquals(8, t.rows());
        assertEquals(28 * 28, t.cols());
        assertEquals("px0000", t.featureNames().get(0));
        assertArrayEquals(new int[] {5, 3}, t.labelCounts());
        for (double v : t.values()) {
            assertTrue(v >= 0 && v <= 1, "value " + v);
        }
        assertEquals(List.of("dicom:dicom: 8 images decoded {Explicit VR Little Endian=3, Implicit VR Little Endian=1, JPEG 2000"
                + " Image Compression (Lossless Only)=2, JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14"
                + " [Selection Value 1])=1, RLE Lossless=1}"), log);
    }

    @Test
    void imagesOfAnotherModalityOrViewAreSkippedAndCounted() {
        List<String> log = new ArrayList<>();
        TableSchema cr = KIND.withImage(new ImageInput(28, 28, "CR", null, Double.NaN, Double.NaN));
        RawTable t = new DicomTableSource(DicomDecodeTest.DIR, LABELS, log::add).read(cr);
        assertArrayEquals(new int[] {0, 3}, t.labelCounts());
        assertTrue(log.get(0).endsWith("3 images decoded {Explicit VR Little Endian=1, JPEG 2000 Image Compression (Lossless"
                + " Only)=1, JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])=1}; 5 skipped"
                + " {modality CT where the study expects CR=1, modality MR where the study expects CR=4}"), log.get(0));
        TableSchema ap = KIND.withImage(new ImageInput(28, 28, "CR", "AP", Double.NaN, Double.NaN));
        assertArrayEquals(new int[] {0, 1}, new DicomTableSource(DicomDecodeTest.DIR, LABELS, l -> { }).read(ap).labelCounts(),
                "RG3 is the only AP view (CR_6154 is LL, RG2 has none)");
    }

    @Test
    void aMissingLabelsRowAndAnUnknownLabelNameTheFileAndLine(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(LABELS);
        Path missing = Files.write(dir.resolve("missing.csv"), lines.subList(0, lines.size() - 1));
        DataFormatException m = assertThrows(DataFormatException.class,
                () -> new DicomTableSource(DicomDecodeTest.DIR, missing, l -> { }).read(KIND));
        assertEquals(DicomDecodeTest.DIR.resolve("RG3_J2KR.dcm") + ": has no row in labels file missing.csv (column 'file' ="
                + " RG3_J2KR.dcm)", m.getMessage());
        List<String> unknown = new ArrayList<>(lines);
        unknown.set(2, "CT_small.dcm,tumour");
        Path bad = Files.write(dir.resolve("bad.csv"), unknown);
        DataFormatException u = assertThrows(DataFormatException.class,
                () -> new DicomTableSource(DicomDecodeTest.DIR, bad, l -> { }).read(KIND));
        assertEquals(bad + ", line 3, kind: is not one of the study's classes [cross_section, xray]: 'tumour'", u.getMessage());
        assertEquals("bad.csv, line 3, kind: is not one of the study's classes [cross_section, xray]", u.withoutValue());
    }

    @Test
    void aBadFileRefusesTheFolderNamingItAndNoPatientDataAppearsInAnyOutput(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("images"));
        for (Path f : Files.list(DicomDecodeTest.DIR).toList()) {
            Files.copy(f, folder.resolve(f.getFileName()));
        }
        // a truncated copy of a file whose header holds a patient name, ID, birth date and accession number
        byte[] rg3 = Files.readAllBytes(DicomDecodeTest.DIR.resolve("RG3_J2KR.dcm"));
        Files.write(folder.resolve("zz_cut.dcm"), Arrays.copyOf(rg3, rg3.length / 2));
        Path labels = Files.writeString(dir.resolve("labels.csv"), Files.readString(LABELS) + "zz_cut.dcm,xray\n");
        List<String> log = new ArrayList<>();
        DicomTableSource source = new DicomTableSource(folder, labels, log::add);
        DataFormatException e = assertThrows(DataFormatException.class, () -> source.read(KIND));
        assertEquals(folder.resolve("zz_cut.dcm") + ", (7FE0,0010): the file ends inside this element (truncated)", e.getMessage());
        assertTrue(log.get(0).endsWith("; 1 refused"), log.get(0));
        ByteArrayOutputStream refusal = new ByteArrayOutputStream();
        assertEquals(1, DicomInspection.print(source, KIND, new PrintStream(refusal, true, StandardCharsets.UTF_8)));
        Files.delete(folder.resolve("zz_cut.dcm"));
        ByteArrayOutputStream success = new ByteArrayOutputStream();
        assertEquals(0, DicomInspection.print(source, KIND, new PrintStream(success, true, StandardCharsets.UTF_8)));
        String ok = success.toString(StandardCharsets.UTF_8);
        assertTrue(ok.contains("rows=8 features=784") && ok.contains("labels: cross_section=5 xray=3"), ok);
        String all = String.join("\n", log) + e.getMessage() + e.withoutValue() + refusal.toString(StandardCharsets.UTF_8) + ok
                + source.read(KIND);
        assertTrue(refusal.toString(StandardCharsets.UTF_8).contains("refused: " + folder.resolve("zz_cut.dcm")), all);
        for (String secret : PATIENT_DATA) {
            assertFalse(all.contains(secret), "patient data '" + secret + "' in the output:\n" + all);
        }
    }
}

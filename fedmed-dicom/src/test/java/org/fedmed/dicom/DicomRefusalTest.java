package org.fedmed.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.fedmed.data.read.DataFormatException;
import org.fedmed.data.read.ImageInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files FedMed cannot use: one line naming the file (and the tag), no value from the file. */
class DicomRefusalTest {

    @Test
    void aTruncatedFileNamesTheFileAndTheElementItEndsIn(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(DicomDecodeTest.DIR.resolve("MR_small.dcm"));
        Path cut = Files.write(dir.resolve("cut.dcm"), Arrays.copyOf(whole, whole.length - 3000));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DicomImage.read(cut, ImageInput.DEFAULT));
        assertEquals(cut + ", (7FE0,0010): the file ends inside this element (truncated)", e.getMessage());
        // cut between two elements: the parser sees a complete data set without its Pixel Data
        Path header = Files.write(dir.resolve("header.dcm"), Arrays.copyOf(whole, 300));
        DataFormatException h = assertThrows(DataFormatException.class, () -> DicomImage.read(header, ImageInput.DEFAULT));
        assertEquals(header + ", (7FE0,0010): is missing (truncated, or not an image)", h.getMessage());
        Path inside = Files.write(dir.resolve("inside.dcm"), Arrays.copyOf(whole, 301));
        DataFormatException i = assertThrows(DataFormatException.class, () -> DicomImage.read(inside, ImageInput.DEFAULT));
        assertTrue(i.getMessage().startsWith(inside + ", (") && i.getMessage().endsWith("truncated)"), i.getMessage());
    }

    @Test
    void aFileThatIsNotDicomIsRefused(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "x".repeat(400));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DicomImage.read(text, ImageInput.DEFAULT));
        assertEquals(text + ": is not a DICOM Part-10 file (no DICM marker after the 128-byte preamble)", e.getMessage());
        assertEquals("notes.txt: is not a DICOM Part-10 file (no DICM marker after the 128-byte preamble)", e.withoutValue());
    }

    @Test
    void anUnsupportedTransferSyntaxIsRefusedWithItsUidAndName(@TempDir Path dir) throws Exception {
        // the JPEG 2000 copy of MR_small relabelled JPEG-LS Lossless (same UID length, so the File Meta stays valid)
        byte[] b = Files.readAllBytes(DicomDecodeTest.DIR.resolve("MR_small_jp2klossless.dcm"));
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.80");
        Path ls = Files.write(dir.resolve("ls.dcm"), s.getBytes(StandardCharsets.ISO_8859_1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DicomImage.read(ls, ImageInput.DEFAULT));
        assertTrue(e.getMessage().startsWith(ls + ", (0002,0010): transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS Lossless) is"
                + " not supported; supported: Implicit VR Little Endian, "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void colourAndBrokenCompressedDataNameTheirTag(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(DicomDecodeTest.DIR.resolve("MR_small_RLE.dcm"));
        // damage the RLE header's segment count (the first bytes of the first fragment, after the offset table)
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int pixelData = s.indexOf("\u00e0\u007f\u0010\u0000OB");
        int offsetTable = b[pixelData + 16] & 0xFF; // its item's length (4 here: one offset)
        int firstFragment = pixelData + 12 + 8 + offsetTable + 8;
        b[firstFragment] = 5;
        Path rle = Files.write(dir.resolve("rle.dcm"), b);
        DataFormatException e = assertThrows(DataFormatException.class, () -> DicomImage.read(rle, ImageInput.DEFAULT));
        assertEquals(rle + ", (7FE0,0010): cannot be decoded: RLE frame has 5 segments, 2 expected", e.getMessage());
    }

    @Test
    void aWrittenFileWithANestedSequenceReadsBack(@TempDir Path dir) throws Exception {
        byte[] px = new byte[12];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 20);
        }
        Path f = dir.resolve("w.dcm");
        DicomWriter.write(f, new DicomWriter.Image(3, 4, px, "CR", "PA", "Doe^Jane", "ID-77"), 1);
        DicomImage img = DicomImage.read(f, new ImageInput(3, 4, "CR", "PA", Double.NaN, Double.NaN));
        assertEquals("CR", img.modality());
        assertEquals("PA", img.view());
        // no window in the file: its range [0, 220] spans [0, 1]
        for (int i = 0; i < px.length; i++) {
            assertEquals(i * 20 / 220.0, img.pixels()[i], 1e-6);
        }
        assertEquals("view position PA where the study expects AP", img.mismatch(new ImageInput(3, 4, "CR", "AP", Double.NaN,
                Double.NaN)));
        assertEquals("modality CR where the study expects CT", img.mismatch(new ImageInput(3, 4, "CT", null, Double.NaN,
                Double.NaN)));
    }
}

package org.fedmed.data.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {

    @TempDir
    Path dir;

    /** A .npy file as NumPy writes it (header padded so the data starts at a multiple of 64). */
    static byte[] npy(int major, String header, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(header);
        while ((prefix + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        int len = h.length();
        out.write(len & 0xFF);
        out.write(len >> 8 & 0xFF);
        if (major > 1) {
            out.write(len >> 16 & 0xFF);
            out.write(len >> 24 & 0xFF);
        }
        out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    @Test
    void readsVersion1And2() {
        byte[] data = {1, 2, 3, (byte) 200, 5, 6};
        for (int major : new int[] {1, 2}) {
            NpyArray a = NpyReader.parse(npy(major, "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }", data), "t.npy");
            assertArrayEquals(new int[] {2, 3}, a.shape());
            assertEquals(200, a.unsigned(3));
        }
        NpyArray vector = NpyReader.parse(npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (6,), }", data), "t.npy");
        assertArrayEquals(new int[] {6}, vector.shape());
    }

    @Test
    void refusesBadHeaders() {
        byte[] data = new byte[6];
        assertRefused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", new byte[24]), "unsupported dtype '<f4'");
        assertRefused(npy(1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", data), "Fortran-ordered");
        assertRefused(npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 4), }", data), "needs 8 bytes of data, found 6");
        assertRefused(npy(1, "{'descr': '|u1', 'fortran_order': False}", data), "no 'shape' entry");
        assertRefused(npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2, x), }", data), "dimension 'x'");
        assertRefused(npy(9, "{'descr': '|u1', 'fortran_order': False, 'shape': (6,), }", data), "version 9.0");
        assertRefused("PK\3\4 not numpy at all".getBytes(StandardCharsets.ISO_8859_1), "not a .npy file");
    }

    private static void assertRefused(byte[] bytes, String expected) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> NpyReader.parse(bytes, "x.npz!train_images.npy"));
        assertTrue(e.getMessage().contains("x.npz!train_images.npy"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void npzWithBadEntryNamesTheEntry() throws IOException {
        Path npz = dir.resolve("tiny.npz");
        byte[] images = new byte[2 * 2 * 2];
        byte[] labels = {0, 1};
        try (OutputStream raw = Files.newOutputStream(npz); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (String split : new String[] {"train", "val", "test"}) {
                put(zip, split + "_images.npy", npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2, 2), }", images));
                String labelHeader = split.equals("test") ? "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 1), }"
                        : "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 1), }";
                put(zip, split + "_labels.npy", npy(1, labelHeader, split.equals("test") ? new byte[16] : labels));
            }
        }
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> MedMnistReader.read(npz, MedMnistReader.BREAST_CLASSES));
        assertTrue(e.getMessage().contains("tiny.npz!test_labels.npy") && e.getMessage().contains("'<i8'"), e.getMessage());
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}

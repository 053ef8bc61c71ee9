package org.fedmed.data.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed files give messages naming the file, the line, the column and the problem. */
class BadInputTest {

    private static final String WDBC_ROW = "842302,M" + ",1.5".repeat(30);

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void wrongColumnCount() throws IOException {
        Path file = write("wdbc.data", WDBC_ROW + "\n" + WDBC_ROW + "\n842303,B,1.0,2.0\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> WdbcReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 32 columns"), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void unparseableNumber() throws IOException {
        Path file = write("pima.data", "6,148,72,35,0,33.6,0.627,50,1\n1,85,66,29,0,2x6.6,0.351,31,0\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> PimaReader.read(file));
        assertTrue(e.getMessage().contains("pima.data"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("column 6 (bmi)"), e.getMessage());
        assertTrue(e.getMessage().contains("'2x6.6'"), e.getMessage());
    }

    @Test
    void nanLiteralRejected() throws IOException {
        for (String literal : new String[] {"nan", "NaN", "inf", "-Infinity"}) {
            Path file = write("wdbc-" + literal + ".data", WDBC_ROW.replaceFirst(",1.5", "," + literal) + "\n");
            DataFormatException e = assertThrows(DataFormatException.class, () -> WdbcReader.read(file));
            assertTrue(e.getMessage().contains("line 1"), e.getMessage());
            assertTrue(e.getMessage().contains("column 3 (radius_mean)"), e.getMessage());
            assertTrue(e.getMessage().contains("non-finite literal"), e.getMessage());
        }
    }

    @Test
    void labelOutsideSet() throws IOException {
        Path wdbc = write("wdbc.data", WDBC_ROW + "\n" + WDBC_ROW.replace(",M,", ",X,") + "\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> WdbcReader.read(wdbc));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("diagnosis 'X' is not M or B"),
                e.getMessage());

        Path heartDir = Files.createDirectories(dir.resolve("heart"));
        Files.writeString(heartDir.resolve("processed.cleveland.data"), "63.0,1.0,1.0,145.0,233.0,1.0,2.0,150.0,0.0,2.3,3.0,0.0,6.0,7\n");
        e = assertThrows(DataFormatException.class, () -> HeartDiseaseReader.read(heartDir));
        assertTrue(e.getMessage().contains("processed.cleveland.data") && e.getMessage().contains("column 14 (num)")
                && e.getMessage().contains("'7'"), e.getMessage());

        Path cardio = write("cardio.csv", CardioReader.HEADER + "\n0;18393;2;168;62.0;110;80;1;1;0;0;1;2\n");
        e = assertThrows(DataFormatException.class, () -> CardioReader.read(cardio));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("cardio"), e.getMessage());
    }

    @Test
    void wrongCardioHeader() throws IOException {
        Path file = write("cardio.csv", CardioReader.HEADER.replace("ap_hi", "aphi") + "\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CardioReader.read(file));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("'ap_hi'"), e.getMessage());
    }

    @Test
    void cardioPolicyMarksImplausibleValues() throws IOException {
        Path file = write("cardio.csv", CardioReader.HEADER + "\n"
                + "0;18393;2;168;62.0;16020;80;1;1;0;0;1;0\n" // ap_hi implausible
                + "1;18393;2;168;62.0;120;140;1;1;0;0;1;1\n" // ap_lo > ap_hi: both missing
                + "2;18393;2;55;62.0;120;80;1;1;0;0;1;1\n"); // height implausible, so bmi missing
        RawTable t = CardioReader.read(file);
        assertTrue(Double.isNaN(t.value(0, 4)) && t.value(0, 5) == 80);
        assertTrue(Double.isNaN(t.value(1, 4)) && Double.isNaN(t.value(1, 5)));
        assertTrue(Double.isNaN(t.value(2, 2)) && Double.isNaN(t.value(2, 11)) && t.value(2, 3) == 62.0);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nowhere/wdbc.data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WdbcReader.read(file));
        assertTrue(e.getMessage().contains("data file not found") && e.getMessage().contains(file.toAbsolutePath().toString()),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MedMnistReader.read(dir.resolve("x.npz"), MedMnistReader.BREAST_CLASSES));
        assertTrue(e.getMessage().contains("x.npz"), e.getMessage());
    }

    @Test
    void notAZip() throws IOException {
        Path file = write("fake.npz", "this is not a zip file");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> MedMnistReader.read(file, MedMnistReader.BREAST_CLASSES));
        assertTrue(e.getMessage().contains("fake.npz"), e.getMessage());
    }
}

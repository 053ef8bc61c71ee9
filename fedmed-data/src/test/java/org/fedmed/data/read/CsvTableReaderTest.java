package org.fedmed.data.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hospital's own CSV file: columns by name, missing markers, and errors that name file, line, column and value. */
class CsvTableReaderTest {

    private static final TableSchema SCHEMA = new TableSchema("diagnosis", List.of("B", "M"), List.of("radius", "texture", "area"));

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsDeclaredColumnsByNameInTheStudysOrderWithMissingMarkers() throws IOException {
        // BOM, CRLF, a quoted header and value, an id column the study does not use, columns in another order
        Path file = write("site.csv", "\uFEFFpatient,\"area\",diagnosis,texture,radius\r\n"
                + "p-1,1001.5,M,10.38,17.99\r\n"
                + "\"p,2\",,B,NA,13.5\r\n"
                + "p-3,?,B,\"21.25\",-2e1\r\n"
                + "\r\n");
        RawTable t = CsvTableReader.read(file, SCHEMA);
        assertEquals(List.of("radius", "texture", "area"), t.featureNames());
        assertEquals(List.of("B", "M"), t.classNames());
        assertEquals(3, t.rows());
        assertArrayEquals(new int[] {1, 0, 0}, t.labels());
        assertEquals(17.99, t.value(0, 0));
        assertEquals(10.38, t.value(0, 1));
        assertEquals(1001.5, t.value(0, 2));
        assertEquals(13.5, t.value(1, 0));
        assertTrue(Double.isNaN(t.value(1, 1)), "NA is missing");
        assertTrue(Double.isNaN(t.value(1, 2)), "an empty cell is missing");
        assertEquals(-20.0, t.value(2, 0));
        assertEquals(21.25, t.value(2, 1));
        assertTrue(Double.isNaN(t.value(2, 2)), "? is missing");
        assertFalse(t.hasGroups());
    }

    @Test
    void withoutDeclaredFeaturesEveryOtherColumnIsOneInFileOrder() throws IOException {
        Path file = write("site.csv", "b,diagnosis,a\n1,M,2\n3,B,4\n");
        RawTable t = CsvTableReader.read(file, new TableSchema("diagnosis", List.of("B", "M"), List.of()));
        assertEquals(List.of("b", "a"), t.featureNames());
        assertEquals(4.0, t.value(1, 1));
    }

    @Test
    void aMissingDeclaredColumnNamesFileLineAndColumn() throws IOException {
        Path file = write("hospital-a.csv", "radius,diagnosis,area\n1,M,2\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvTableReader.read(file, SCHEMA));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().startsWith(file.toString() + ", line 1, column texture:"), e.getMessage());
        assertTrue(e.getMessage().contains("feature column is missing"), e.getMessage());

        Path noLabel = write("hospital-b.csv", "radius,texture,area\n1,2,3\n");
        e = assertThrows(DataFormatException.class, () -> CsvTableReader.read(noLabel, SCHEMA));
        assertTrue(e.getMessage().contains("line 1, column diagnosis: the study's label column is missing"), e.getMessage());
    }

    @Test
    void aBadNumberNamesLineColumnAndValueButKeepsTheValueOutOfTheReportableText() throws IOException {
        Path file = write("hospital-c.csv", "radius,texture,area,diagnosis\n1,2,3,M\n4,5,6,B\n7,8.1.2,9,M\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvTableReader.read(file, SCHEMA));
        assertEquals(4, e.line());
        assertEquals("column 2 (texture)", e.field());
        assertEquals("8.1.2", e.value());
        assertTrue(e.getMessage().contains(file + ", line 4, column 2 (texture): not a finite number"), e.getMessage());
        assertTrue(e.getMessage().endsWith("'8.1.2'"), e.getMessage());
        assertEquals("hospital-c.csv, line 4, column 2 (texture): not a finite number (missing values are written as an empty"
                + " cell, NA or ?)", e.withoutValue());
        for (String literal : new String[] {"NaN", "inf", "12abc"}) {
            Path f = write("lit.csv", "radius,texture,area,diagnosis\n" + literal + ",2,3,M\n");
            DataFormatException x = assertThrows(DataFormatException.class, () -> CsvTableReader.read(f, SCHEMA));
            assertEquals(literal, x.value());
            assertFalse(x.withoutValue().contains(literal), x.withoutValue());
        }
    }

    @Test
    void anUnknownLabelNamesTheValueAndTheStudysClasses() throws IOException {
        Path file = write("hospital-d.csv", "radius,texture,area,diagnosis\n1,2,3,M\n4,5,6,malignant\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvTableReader.read(file, SCHEMA));
        assertEquals(3, e.line());
        assertEquals("malignant", e.value());
        assertTrue(e.getMessage().contains("line 3, column 4 (diagnosis): label value is not one of the study's classes (B, M)"),
                e.getMessage());
        assertFalse(e.withoutValue().contains("malignant"), e.withoutValue());

        Path missing = write("hospital-e.csv", "radius,texture,area,diagnosis\n1,2,3,NA\n");
        e = assertThrows(DataFormatException.class, () -> CsvTableReader.read(missing, SCHEMA));
        assertTrue(e.getMessage().contains("line 2, column 4 (diagnosis): the label is missing"), e.getMessage());
        assertNull(e.value());
    }

    @Test
    void malformedLinesAndHeaders() throws IOException {
        Path shortRow = write("short.csv", "radius,texture,area,diagnosis\n1,2,M\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvTableReader.read(shortRow, SCHEMA));
        assertTrue(e.getMessage().contains("line 2: expected 4 fields like the header, found 3"), e.getMessage());

        Path quote = write("quote.csv", "radius,texture,area,diagnosis\n\"1,2,3,M\n");
        e = assertThrows(DataFormatException.class, () -> CsvTableReader.read(quote, SCHEMA));
        assertTrue(e.getMessage().contains("line 2, field 1: a quoted field is not closed"), e.getMessage());

        Path twice = write("twice.csv", "radius,texture,area,radius,diagnosis\n1,2,3,4,M\n");
        e = assertThrows(DataFormatException.class, () -> CsvTableReader.read(twice, SCHEMA));
        assertTrue(e.getMessage().contains("line 1, column 4 (radius): the header names this column twice"), e.getMessage());

        Path headerOnly = write("empty.csv", "radius,texture,area,diagnosis\n");
        e = assertThrows(DataFormatException.class, () -> CsvTableReader.read(headerOnly, SCHEMA));
        assertTrue(e.getMessage().contains("header but no records"), e.getMessage());
    }

    @Test
    void theSchemaRefusesContradictions() {
        assertThrows(IllegalArgumentException.class, () -> new TableSchema("y", List.of("a"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TableSchema("y", List.of("a", "a"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TableSchema("y", List.of("a", "b"), List.of("x", "y")));
        assertThrows(IllegalArgumentException.class, () -> new TableSchema("y", List.of("a", "b"), List.of("x", "x")));
    }
}

package org.fedmed.data.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextRowsTest {

    private static final Path FILE = Path.of("t.csv");

    @Test
    void numbersMatchParseDoubleExactly() {
        Random rng = new Random(4);
        for (int i = 0; i < 200_000; i++) {
            String text = switch (i % 4) {
                case 0 -> Integer.toString(rng.nextInt());
                case 1 -> String.format(Locale.ROOT, "%.6f", rng.nextGaussian() * 1000);
                case 2 -> Double.toString(rng.nextDouble());
                default -> "." + rng.nextInt(1000);
            };
            assertEquals(Double.parseDouble(text), TextRows.number(text, FILE, 1, "c"), text);
        }
        for (String text : new String[] {"63.0", "-0", "1.", "+5", "1e3", "2.5E-4", "123456789012345678", " 7 "}) {
            assertEquals(Double.parseDouble(text.trim()), TextRows.number(text, FILE, 1, "c"), text);
        }
        for (String bad : new String[] {"-", ".", "1.2.3", "1e", "--1", "0x10", "1d", "1,5"}) {
            assertThrows(DataFormatException.class, () -> TextRows.number(bad, FILE, 1, "c"), bad);
        }
    }

    @Test
    void splitsExactly() {
        assertArrayEquals(new String[] {"a", "", "c"}, TextRows.split("a;;c", ';', 3, FILE, 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> TextRows.split("a;b", ';', 3, FILE, 9));
        assertEquals("t.csv, line 9: expected 3 columns separated by ';', found 2", e.getMessage());
    }
}

package org.fedmed.study.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values are converted strictly, from YAML scalars and from option text alike. */
class KeyTypeTest {

    @Test
    void textAndTypedValuesConvertAlike() {
        assertEquals(true, KeyType.BOOLEAN.convert("true"));
        assertEquals(false, KeyType.BOOLEAN.convert(Boolean.FALSE));
        assertEquals(12L, KeyType.WHOLE.convert("12"));
        assertEquals(12L, KeyType.WHOLE.convert(12));
        assertEquals(0.5, KeyType.NUMBER.convert("0.5"));
        assertEquals(3.0, KeyType.NUMBER.convert(3));
        assertEquals(List.of(64L, 32L), KeyType.WHOLE_LIST.convert("64,32"));
        assertEquals(List.of(64L, 32L), KeyType.WHOLE_LIST.convert(List.of(64, 32)));
        assertEquals(List.of(2.0, 4.5), KeyType.NUMBER_LIST.convert("2, 4.5"));
        assertEquals(Map.of("mu", 0.1), KeyType.PARAMS.convert(Map.of("mu", "0.1")));
        assertEquals(Map.of("mu", 0.1, "eta", 2.0), KeyType.PARAMS.convert("mu=0.1,eta=2"));
    }

    @Test
    void typosAreNotReadAsSomethingElse() {
        assertEquals("must be true or false, got 'ture'",
                assertThrows(IllegalArgumentException.class, () -> KeyType.BOOLEAN.convert("ture")).getMessage());
        assertEquals("must be a number, got 'abc'",
                assertThrows(IllegalArgumentException.class, () -> KeyType.NUMBER.convert("abc")).getMessage());
        assertEquals("must be a whole number, got 2.5",
                assertThrows(IllegalArgumentException.class, () -> KeyType.WHOLE.convert(2.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyType.TEXT.convert(List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> KeyType.WHOLE_LIST.convert("64,x"));
        assertEquals("parameter 'mu' must be a number, got 'lots'",
                assertThrows(IllegalArgumentException.class, () -> KeyType.PARAMS.convert(Map.of("mu", "lots"))).getMessage());
    }
}

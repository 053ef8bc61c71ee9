package org.fedmed.core.trail;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one byte form of an audit entry that is hashed and signed: JSON with object keys sorted, no
 * whitespace, strings escaped minimally. Values are strings, integers, booleans, lists and maps of
 * those; a fractional number must be written as a string (e.g. an epsilon "0.8125"), because JSON
 * readers do not agree on how to print doubles, and the form must come back byte for byte from any
 * reader of an exported chain.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        append(b, value);
        return b.toString();
    }

    private static void append(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                b.append(first ? "" : ",");
                first = false;
                string(b, e.getKey());
                b.append(':');
                append(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ",");
                append(b, l.get(i));
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("an audit payload holds strings, integers, booleans, lists and maps; got "
                    + v.getClass().getSimpleName() + " (write fractional numbers as strings)");
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}

package org.fedmed.study.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The type of a study key's value and its one conversion from what a source gives: YAML/JSON
 * scalars, lists and mappings, or the text of a command-line option. Text is parsed strictly
 * ({@code ture} is not a boolean, {@code abc} not a number), so a typo never falls back to a default.
 */
public enum KeyType {
    TEXT("text"),
    PATH("a path"),
    WHOLE("a whole number"),
    NUMBER("a number"),
    BOOLEAN("true or false"),
    WHOLE_LIST("a list of whole numbers, e.g. [64, 32] or 64,32"),
    NUMBER_LIST("a list of numbers, e.g. [2, 4] or 2,4"),
    PARAMS("a mapping of parameter names to numbers, e.g. {mu: 0.01} or mu=0.01"),
    SECTION("a mapping");

    private final String expected;

    KeyType(String expected) {
        this.expected = expected;
    }

    /** What a value of this type looks like, for messages and the documentation table. */
    public String expected() {
        return expected;
    }

    /**
     * The typed value: String (TEXT, PATH), Long, Double, Boolean, List of Long or Double, a
     * name → Double map (PARAMS) or a String → Object map (SECTION).
     *
     * @throws IllegalArgumentException "must be …, got …" (the caller names the key and its source)
     */
    public Object convert(Object raw) {
        return switch (this) {
            case TEXT, PATH -> {
                if (!(raw instanceof String s) || s.isBlank()) {
                    throw mismatch(raw);
                }
                yield s.trim();
            }
            case WHOLE -> whole(raw);
            case NUMBER -> number(raw);
            case BOOLEAN -> bool(raw);
            case WHOLE_LIST -> list(raw).stream().map(x -> (Object) wholeIn(x, raw)).toList();
            case NUMBER_LIST -> list(raw).stream().map(x -> (Object) numberIn(x, raw)).toList();
            case PARAMS -> params(raw);
            case SECTION -> {
                if (!(raw instanceof Map<?, ?> m)) {
                    throw mismatch(raw);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), v));
                yield out;
            }
        };
    }

    private IllegalArgumentException mismatch(Object raw) {
        return new IllegalArgumentException("must be " + expected + ", got " + shown(raw));
    }

    private static String shown(Object raw) {
        return raw instanceof String s ? "'" + s + "'" : String.valueOf(raw);
    }

    private Long whole(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch(raw);
            }
        }
        throw mismatch(raw);
    }

    private Double number(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch(raw);
            }
        }
        throw mismatch(raw);
    }

    private Boolean bool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
        }
        throw mismatch(raw);
    }

    private List<?> list(Object raw) {
        if (raw instanceof List<?> l) {
            return l;
        }
        if (raw instanceof String s) {
            List<String> parts = new ArrayList<>();
            for (String p : s.split(",")) {
                parts.add(p.trim());
            }
            return parts;
        }
        throw mismatch(raw);
    }

    private Long wholeIn(Object x, Object whole) {
        try {
            return WHOLE.whole(x);
        } catch (IllegalArgumentException e) {
            throw mismatch(whole);
        }
    }

    private Double numberIn(Object x, Object whole) {
        try {
            return NUMBER.number(x);
        } catch (IllegalArgumentException e) {
            throw mismatch(whole);
        }
    }

    private Map<String, Double> params(Object raw) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                try {
                    out.put(String.valueOf(e.getKey()), NUMBER.number(e.getValue()));
                } catch (IllegalArgumentException x) {
                    throw new IllegalArgumentException("parameter '" + e.getKey() + "' must be a number, got " + shown(e.getValue()));
                }
            }
            return out;
        }
        if (raw instanceof String s) {
            for (String pair : s.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw mismatch(raw);
                }
                out.putAll(params(Map.of(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim())));
            }
            return out;
        }
        throw mismatch(raw);
    }
}

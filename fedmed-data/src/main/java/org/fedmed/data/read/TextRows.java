package org.fedmed.data.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Line-by-line reading of small delimited text files, with the field splitting and strict number
 * parsing the readers share. Numbers are parsed without regular expressions: a 70,000-row file
 * must load in well under a second.
 */
final class TextRows {

    /** Receives one non-empty line with its 1-based number. */
    @FunctionalInterface
    interface LineHandler {
        void accept(String line, int lineNumber);
    }

    private TextRows() {
    }

    /** Fails with the absolute path if the file is absent, so a wrong data root is obvious. */
    static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("data file not found: " + file.toAbsolutePath()
                    + (Files.isDirectory(file) ? " is a directory" : "")
                    + " (set the data root with -Dfedmed.data=DIR or FEDMED_DATA)");
        }
    }

    /** Calls the handler for every line; empty lines (e.g. a trailing one) are skipped, CR before LF is dropped. */
    static void forEachLine(Path file, LineHandler handler) {
        requireFile(file);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                    line = line.substring(0, line.length() - 1);
                }
                if (!line.isEmpty()) {
                    handler.accept(line, number);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Splits on {@code sep}, requiring exactly {@code expected} fields. */
    static String[] split(String line, char sep, int expected, Path file, int lineNumber) {
        int found = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == sep) {
                found++;
            }
        }
        if (found != expected) {
            throw new DataFormatException(file.toString(), lineNumber, null,
                    "expected " + expected + " columns separated by '" + sep + "', found " + found);
        }
        String[] fields = new String[expected];
        int start = 0;
        for (int k = 0; k < expected - 1; k++) {
            int end = line.indexOf(sep, start);
            fields[k] = line.substring(start, end);
            start = end + 1;
        }
        fields[expected - 1] = line.substring(start);
        return fields;
    }

    /**
     * A finite decimal number. Literal NaN/inf are rejected: in these files a missing value has its
     * own marker (or none), so a NaN literal means the file was produced by something broken.
     */
    static double number(String text, Path file, int lineNumber, String column) {
        double fast = text.isEmpty() ? Double.NaN : plainDecimal(text);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        String s = text.trim();
        if (s.isEmpty()) {
            throw new DataFormatException(file.toString(), lineNumber, column, "empty value");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
            if (!ok) {
                String lower = s.toLowerCase(Locale.ROOT).replace("+", "").replace("-", "");
                if (lower.equals("nan") || lower.equals("inf") || lower.equals("infinity")) {
                    throw new DataFormatException(file.toString(), lineNumber, column,
                            "non-finite literal '" + s + "' is not allowed as a feature value");
                }
                throw new DataFormatException(file.toString(), lineNumber, column, "cannot parse '" + s + "' as a number");
            }
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file.toString(), lineNumber, column, "cannot parse '" + s + "' as a number");
        }
        if (!Double.isFinite(v)) {
            throw new DataFormatException(file.toString(), lineNumber, column, "value '" + s + "' is out of range");
        }
        return v;
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * Fast exact path for the common "-12.345" form (no exponent, at most 15 digits): the digits
     * as an integer and 10^k are both exact doubles, so one division is correctly rounded and
     * equals {@link Double#parseDouble}. Returns NaN when the text is not of that form.
     */
    private static double plainDecimal(String s) {
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        long digits = 0;
        int count = 0;
        int fraction = -1;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = digits * 10 + (c - '0');
                count++;
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (count == 0 || count > 15) {
            return Double.NaN;
        }
        double v = fraction > 0 ? digits / POWERS_OF_TEN[fraction] : digits;
        return negative ? -v : v;
    }

    /** An integer class code in {@code [0, limit)}, written as an integer or an integral float ("1.0"). */
    static int classCode(String text, int limit, Path file, int lineNumber, String column) {
        double v;
        try {
            v = number(text, file, lineNumber, column);
        } catch (DataFormatException e) {
            throw new DataFormatException(file.toString(), lineNumber, column,
                    "label '" + text.trim() + "' is not one of 0.." + (limit - 1));
        }
        if (v != Math.rint(v) || v < 0 || v >= limit) {
            throw new DataFormatException(file.toString(), lineNumber, column,
                    "label '" + text.trim() + "' is not one of 0.." + (limit - 1));
        }
        return (int) v;
    }
}

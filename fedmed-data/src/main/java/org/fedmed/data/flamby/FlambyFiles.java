package org.fedmed.data.flamby;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading FLamby's small text files, with errors that name the file and line. */
final class FlambyFiles {

    private FlambyFiles() {
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code text} as a number; {@code index} is the 0-based line index. */
    static double number(String text, Path file, int index) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at(file, index) + "'" + text + "' is not a number", e);
        }
    }

    /** "file line n: " for the 0-based line {@code index}. */
    static String at(Path file, int index) {
        return file + " line " + (index + 1) + ": ";
    }

    /**
     * The comma-separated fields of one CSV line; a field in double quotes may hold commas (a doubled quote
     * inside is one quote), as in the TCGA header's {@code "..._Infiltrating duct carcinoma, NOS"}.
     */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}

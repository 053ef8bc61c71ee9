package org.fedmed.data.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hospital's own tabular records as a comma-separated file: a header row naming the columns, one
 * record per line, numeric feature columns and a label column whose values are the study's class
 * names. A feature cell that is empty, {@code NA} or {@code ?} is missing. Fields may be quoted with
 * {@code "} (a doubled {@code ""} inside quotes is a quote); a UTF-8 byte order mark is ignored.
 *
 * <p>Columns are found by name, so their order in the file does not matter; columns the schema does
 * not use (an id, a date) are skipped unparsed when the schema declares its features. Every error
 * names the file, the line and the column; the offending cell is kept out of the problem text (see
 * {@link DataFormatException#withoutValue()}).
 */
public final class CsvTableReader {

    /** Cell texts (after trimming) that mark a missing feature value. */
    public static final Set<String> MISSING_MARKERS = Set.of("", "NA", "?");

    private static final char SEPARATOR = ',';

    private CsvTableReader() {
    }

    /**
     * Reads {@code file} under {@code schema}; the table's columns are the schema's features in the
     * schema's order (or, without declared features, every other column in file order).
     *
     * @throws DataFormatException for a missing column, a malformed line, a value that is not a
     *                             number, or a label that is not one of the study's classes
     */
    public static RawTable read(Path file, TableSchema schema) {
        String source = file.toString();
        Reading r = new Reading(source, schema);
        TextRows.forEachLine(file, (line, n) -> {
            if (r.header == null) {
                r.header(split(stripBom(line), source, n), n);
            } else {
                r.row(split(line, source, n), n);
            }
        });
        if (r.header == null) {
            throw new DataFormatException(source, 0, null, "the file is empty; expected a header row naming the columns", null);
        }
        if (r.rows.rows() == 0) {
            throw new DataFormatException(source, r.headerLine, null, "the file has a header but no records", null);
        }
        String cleaning = "csv: empty, NA and ? cells marked missing; " + r.rows.rows() + " records, label column '"
                + schema.label() + "'";
        return r.rows.build(source, r.features, schema.classes(), List.of(), cleaning);
    }

    /** State of one read: the header's column positions, then the rows. */
    private static final class Reading {
        final String source;
        final TableSchema schema;
        final Map<String, Integer> classIndex = new HashMap<>();
        String[] header;
        int headerLine;
        int labelAt;
        List<String> features;
        int[] featureAt;
        RowBuffer rows;

        Reading(String source, TableSchema schema) {
            this.source = source;
            this.schema = schema;
            for (int c = 0; c < schema.classes().size(); c++) {
                classIndex.put(schema.classes().get(c), c);
            }
        }

        void header(String[] names, int line) {
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                names[i] = names[i].trim();
                if (names[i].isEmpty()) {
                    throw new DataFormatException(source, line, "column " + (i + 1), "the header has an empty column name", null);
                }
                if (at.put(names[i], i) != null) {
                    throw new DataFormatException(source, line, "column " + (i + 1) + " (" + names[i] + ")",
                            "the header names this column twice", null);
                }
            }
            Integer label = at.get(schema.label());
            if (label == null) {
                throw new DataFormatException(source, line, "column " + schema.label(),
                        "the study's label column is missing from the header; the header has: " + String.join(", ", names), null);
            }
            if (schema.declaresFeatures()) {
                List<String> missing = schema.features().stream().filter(f -> !at.containsKey(f)).toList();
                if (!missing.isEmpty()) {
                    throw new DataFormatException(source, line, "column " + missing.get(0), (missing.size() == 1
                            ? "the study's feature column is missing from the header"
                            : "the study's feature columns " + String.join(", ", missing) + " are missing from the header"), null);
                }
                features = schema.features();
            } else {
                features = new ArrayList<>();
                for (String n : names) {
                    if (!n.equals(schema.label())) {
                        features.add(n);
                    }
                }
                if (features.isEmpty()) {
                    throw new DataFormatException(source, line, null, "the header has no column besides the label", null);
                }
            }
            featureAt = features.stream().mapToInt(at::get).toArray();
            labelAt = label;
            header = names;
            headerLine = line;
            rows = new RowBuffer(features.size());
        }

        void row(String[] cells, int line) {
            if (cells.length != header.length) {
                throw new DataFormatException(source, line, null, "expected " + header.length + " fields like the header, found "
                        + cells.length, null);
            }
            String labelText = cells[labelAt].trim();
            Integer label = classIndex.get(labelText);
            if (label == null) {
                String column = columnName(labelAt);
                if (MISSING_MARKERS.contains(labelText)) {
                    throw new DataFormatException(source, line, column, "the label is missing", null);
                }
                throw new DataFormatException(source, line, column, "label value is not one of the study's classes ("
                        + String.join(", ", schema.classes()) + ")", labelText);
            }
            int offset = rows.addRow(label, 0);
            for (int j = 0; j < featureAt.length; j++) {
                rows.set(offset + j, number(cells[featureAt[j]], line, featureAt[j]));
            }
        }

        private double number(String cell, int line, int column) {
            String text = cell.trim();
            if (MISSING_MARKERS.contains(text)) {
                return Double.NaN;
            }
            try {
                return TextRows.number(text, Path.of(source), line, columnName(column));
            } catch (DataFormatException e) {
                // rethrown with the cell kept apart from the problem, so the problem may be reported off site
                DataFormatException apart = new DataFormatException(source, line, columnName(column),
                        "not a finite number (missing values are written as an empty cell, NA or ?)", text);
                apart.initCause(e);
                throw apart;
            }
        }

        private String columnName(int i) {
            return "column " + (i + 1) + " (" + header[i] + ")";
        }
    }

    private static String stripBom(String line) {
        return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }

    /** Splits one line at commas outside double quotes. */
    static String[] split(String line, String source, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new DataFormatException(source, lineNumber, "field " + (fields.size() + 1),
                                "a quoted field is not closed on this line", null);
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < line.length() && line.charAt(i) != SEPARATOR) {
                    throw new DataFormatException(source, lineNumber, "field " + (fields.size() + 1),
                            "text after the closing quote of a quoted field", null);
                }
            } else {
                int end = line.indexOf(SEPARATOR, i);
                field.append(line, i, end < 0 ? line.length() : end);
                i = end < 0 ? line.length() : end;
            }
            fields.add(field.toString());
            if (i >= line.length()) {
                return fields.toArray(new String[0]);
            }
            i++; // the separator
        }
    }
}

package org.fedmed.dicom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.data.read.DataFormatException;

/**
 * The labels of a DICOM folder: a CSV file with a header row whose {@code file} column names each
 * image by its path relative to the folder ({@code /}-separated, e.g. {@code chest-001.dcm}) and whose
 * label column (the study's label name; without a study, the one other column) holds its class.
 * File names, not SOP Instance UIDs: a UID is an identifier FedMed keeps out of its files and messages.
 *
 * @param file   the labels file
 * @param column the label column's name
 * @param rows   image path → (label, 1-based line)
 */
public record LabelsFile(Path file, String column, Map<String, Row> rows) {

    /** One row: the label as written and its line, for messages. */
    public record Row(String label, int line) {
    }

    /** Reads {@code file}; {@code labelColumn} null takes the single column other than {@code file}. */
    public static LabelsFile read(Path file, String labelColumn) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), 0, null, "cannot be read (" + e.getClass().getSimpleName() + ")", null);
        }
        if (lines.isEmpty()) {
            throw new DataFormatException(file.toString(), 1, null, "is empty; it needs a header row: file,LABEL", null);
        }
        List<String> header = List.of(split(lines.get(0)));
        int key = header.indexOf("file");
        if (key < 0) {
            throw new DataFormatException(file.toString(), 1, null, "has no 'file' column (the image's path in the folder);"
                    + " header: " + header, null);
        }
        String column = labelColumn;
        if (column == null) {
            if (header.size() != 2) {
                throw new DataFormatException(file.toString(), 1, null, "needs exactly one label column beside 'file' (or a"
                        + " study naming its label); header: " + header, null);
            }
            column = header.get(1 - key);
        }
        int label = header.indexOf(column);
        if (label < 0) {
            throw new DataFormatException(file.toString(), 1, null, "has no column '" + column + "' (the study's label); header: "
                    + header, null);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = split(lines.get(i));
            if (cells.length != header.size()) {
                throw new DataFormatException(file.toString(), i + 1, null, "has " + cells.length + " fields, the header "
                        + header.size(), null);
            }
            String name = cells[key].replace('\\', '/');
            if (rows.put(name, new Row(cells[label], i + 1)) != null) {
                throw new DataFormatException(file.toString(), i + 1, "file", "names an image a second time", null);
            }
        }
        return new LabelsFile(file, column, rows);
    }

    private static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim();
        }
        return cells;
    }
}

package org.fedmed.dicom;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedmed.data.read.DataFormatException;
import org.fedmed.data.read.ImageInput;
import org.fedmed.data.read.RawTable;
import org.fedmed.data.read.TableSchema;

/**
 * {@code fedmed data inspect dicom:DIR --labels FILE}: what a node would make of its folder, before
 * anything runs. Prints counts, transfer syntaxes, tags and file names, never a tag's value.
 */
public final class DicomInspection {

    private DicomInspection() {
    }

    /**
     * Prints the folder's decode summary, then the table (rows, image size, label counts) or why the
     * node would refuse it; returns 0 when a node could train on it, 1 otherwise.
     *
     * @param schema the study's table, or null: the labels file's one label column and its values as classes
     */
    public static int print(DicomTableSource source, TableSchema schema, PrintStream out) {
        TableSchema table = schema != null ? schema : labelsSchema(source);
        ImageInput input = table.image() == null ? ImageInput.DEFAULT : table.image();
        DicomFolder folder = source.scan(table);
        out.printf(Locale.ROOT, "DICOM folder %s: %d files; model input %dx%d%s%s%n", source.dir(), folder.entries().size(),
                input.height(), input.width(), input.modality() == null ? "" : ", modality " + input.modality(),
                input.view() == null ? "" : ", view " + input.view());
        out.println("decoded per transfer syntax:");
        folder.imagesBySyntax().forEach((syntax, n) -> out.printf(Locale.ROOT, "  %-60s %d%n", syntax, n));
        Map<String, Integer> sizes = new TreeMap<>();
        folder.images().forEach(e -> sizes.merge(e.image().rows() + "x" + e.image().columns(), 1, Integer::sum));
        out.println("stored image sizes (rows x columns): " + sizes);
        folder.skippedByReason().forEach((why, n) -> out.printf(Locale.ROOT, "skipped %d: %s%n", n, why));
        for (DicomFolder.Entry e : folder.refused()) {
            out.println("refused: " + e.refused().getMessage());
        }
        if (!folder.refused().isEmpty()) {
            out.println("a node refuses the study on this folder until the refused files are fixed or moved out");
            return 1;
        }
        try {
            RawTable t = source.table(folder, table);
            out.printf(Locale.ROOT, "rows=%d features=%d (pixels of %dx%d, values in [0, 1])%n", t.rows(), t.cols(),
                    input.height(), input.width());
            int[] counts = t.labelCounts();
            StringBuilder b = new StringBuilder("labels:");
            for (int k = 0; k < counts.length; k++) {
                b.append(' ').append(t.classNames().get(k)).append('=').append(counts[k]);
            }
            out.println(b);
            return 0;
        } catch (DataFormatException e) {
            out.println("refused: " + e.getMessage());
            return 1;
        }
    }

    /** Without a study: the labels file's label column, its distinct values (sorted) as the classes. */
    private static TableSchema labelsSchema(DicomTableSource source) {
        LabelsFile labels = LabelsFile.read(source.labels(), null);
        List<String> classes = List.copyOf(new TreeSet<>(labels.rows().values().stream().map(LabelsFile.Row::label).toList()));
        if (classes.size() < 2) {
            throw new IllegalArgumentException(source.labels() + ": column " + labels.column() + " has " + classes.size()
                    + " distinct value(s); a study needs at least two classes (or give --schema study.yaml)");
        }
        return new TableSchema(labels.column(), classes, List.of());
    }
}

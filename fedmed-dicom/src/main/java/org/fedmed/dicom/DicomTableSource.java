package org.fedmed.dicom;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.fedmed.data.read.DataFormatException;
import org.fedmed.data.read.ImageInput;
import org.fedmed.data.read.RawTable;
import org.fedmed.data.read.TableSchema;
import org.fedmed.data.read.TableSource;

/**
 * A hospital's DICOM folder and its labels file as a node's records ({@code --data dicom:DIR --labels
 * FILE}): one row per image the study wants, one column per pixel of the model input ({@link
 * ImageInput#column}), values in [0, 1]. A file that cannot be read (not DICOM, truncated, a transfer
 * syntax we do not decode), an image without a labels row or a label outside the study's classes
 * refuses the whole read, naming the file (and tag or line): nothing is trained on a folder that is not
 * what the hospital thinks. Images of another modality or view are skipped and counted.
 */
public final class DicomTableSource implements TableSource {

    /** The prefix of a {@code --data} value that names a DICOM folder. */
    public static final String PREFIX = "dicom:";

    private final Path dir;
    private final Path labels;
    private final Consumer<String> log;

    /** @param log where the folder's summary goes (counts and tags only, never a value) */
    public DicomTableSource(Path dir, Path labels, Consumer<String> log) {
        this.dir = dir;
        this.labels = labels;
        this.log = log;
    }

    /** Whether a {@code --data} value names a DICOM folder. */
    public static boolean isDicom(String data) {
        return data.startsWith(PREFIX);
    }

    /** The source {@code dicom:DIR} names, with its labels file (required, and checked to exist now). */
    public static DicomTableSource of(String data, Path labels, Consumer<String> log) {
        if (labels == null) {
            throw new IllegalArgumentException("--data dicom:DIR needs --labels FILE (a CSV file: file,LABEL per image)");
        }
        Path dir = Path.of(data.substring(PREFIX.length()));
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("DICOM folder " + dir.toAbsolutePath() + " does not exist or is not a folder");
        }
        if (!Files.isRegularFile(labels) || !Files.isReadable(labels)) {
            throw new IllegalArgumentException("labels file " + labels.toAbsolutePath() + " does not exist or is not readable");
        }
        return new DicomTableSource(dir, labels, log);
    }

    public Path dir() {
        return dir;
    }

    public Path labels() {
        return labels;
    }

    @Override
    public RawTable read(TableSchema schema) {
        DicomFolder folder = scan(schema);
        log.accept(name() + ": " + folder.summary());
        return table(folder, schema);
    }

    /** The folder decoded for the schema's image input (28x28, any modality and view without one). */
    public DicomFolder scan(TableSchema schema) {
        return DicomFolder.scan(dir, labels, input(schema));
    }

    private static ImageInput input(TableSchema schema) {
        return schema.image() == null ? ImageInput.DEFAULT : schema.image();
    }

    /** The table of a scanned folder; refused files, missing labels rows and unknown labels refuse it. */
    public RawTable table(DicomFolder folder, TableSchema schema) {
        ImageInput input = input(schema);
        if (!folder.refused().isEmpty()) {
            throw folder.refused().get(0).refused();
        }
        LabelsFile labelRows = LabelsFile.read(labels, schema.label());
        List<DicomFolder.Entry> images = folder.images();
        if (images.isEmpty()) {
            throw new DataFormatException(dir.toString(), 0, null, "holds no image the study can use (" + folder.summary() + ")",
                    null);
        }
        int[] columns = columns(schema, input);
        double[] values = new double[images.size() * columns.length];
        int[] y = new int[images.size()];
        for (int r = 0; r < images.size(); r++) {
            DicomFolder.Entry e = images.get(r);
            y[r] = label(labelRows, e, schema.classes());
            float[] px = e.image().pixels();
            for (int c = 0; c < columns.length; c++) {
                values[r * columns.length + c] = px[columns[c]];
            }
        }
        List<String> names = IntStream.of(columns).mapToObj(ImageInput::column).toList();
        return new RawTable(dir.toString(), names, values, y, schema.classes(), null, List.of(), "");
    }

    /** The pixel columns the schema asks for: all of them, or the declared ones (which must be pixel columns). */
    private int[] columns(TableSchema schema, ImageInput input) {
        if (!schema.declaresFeatures()) {
            return IntStream.range(0, input.pixels()).toArray();
        }
        List<String> all = IntStream.range(0, input.pixels()).mapToObj(ImageInput::column).toList();
        List<Integer> idx = new ArrayList<>();
        for (String f : schema.features()) {
            int i = all.indexOf(f);
            if (i < 0) {
                throw new IllegalArgumentException("study.data.features names '" + f + "', which is not a pixel column of a "
                        + input.height() + "x" + input.width() + " image (px0000 ...); an image study declares no features");
            }
            idx.add(i);
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int label(LabelsFile labels, DicomFolder.Entry e, List<String> classes) {
        LabelsFile.Row row = labels.rows().get(e.name());
        if (row == null) {
            throw new DataFormatException(e.image().file(), 0, null, "has no row in labels file " + labels.file().getFileName()
                    + " (column 'file' = " + e.name() + ")", null);
        }
        int k = classes.indexOf(row.label());
        if (k < 0) {
            throw new DataFormatException(labels.file().toString(), row.line(), labels.column(), "is not one of the study's"
                    + " classes " + classes, row.label());
        }
        return k;
    }

    @Override
    public String name() {
        return PREFIX + dir.getFileName();
    }
}

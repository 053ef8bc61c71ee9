package org.fedmed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedmed.data.read.RawTable;
import org.fedmed.data.read.TableSchema;
import org.fedmed.data.read.TableSource;
import org.fedmed.dicom.DicomInspection;
import org.fedmed.dicom.DicomTableSource;
import org.fedmed.fhir.FhirTableSource;
import org.fedmed.study.prep.OwnDataStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fedmed data}: a hospital's look at its own data before anything runs. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Look at a hospital's own data.",
        subcommands = {DataCommand.Inspect.class, DicomSampleCommand.class})
final class DataCommand implements Runnable {

    @Override
    public void run() {
        throw new IllegalArgumentException("choose a subcommand: fedmed data inspect SOURCE");
    }

    /** {@code fedmed data inspect SOURCE [--mapping FILE] [--schema study.yaml]}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true, description = {
            "Show the table a node would train on: rows, features, each column's missing share and the label counts.",
            "SOURCE is a CSV file (needs --schema), fhir:DIR (needs --mapping) or dicom:DIR (needs --labels). With",
            "--schema, the study's label, classes and features (and, for DICOM, image_size, modality, view and window)",
            "choose the columns as the node would; without it, a FHIR source shows every column of its mapping and a",
            "DICOM folder is read at 28x28 with the labels file's values as classes. A DICOM folder also shows each",
            "file's decode result: counts per transfer syntax, files skipped (other modality or view) and refused.",
            "Prints counts, file and column names only, never a value."})
    static final class Inspect implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "SOURCE", description = "FILE.csv, fhir:DIR or dicom:DIR")
        String source;

        @Option(names = "--mapping", paramLabel = "FILE", description = "The FHIR mapping (with fhir:DIR).")
        Path mapping;

        @Option(names = "--labels", paramLabel = "FILE", description = "The labels CSV file, columns file,LABEL (with dicom:DIR).")
        Path labels;

        @Option(names = "--schema", paramLabel = "study.yaml", description = "A study file: its data section (or"
                + " study.data) declares label, classes and features.")
        Path schema;

        @Override
        public Integer call() {
            if (DicomTableSource.isDicom(source)) {
                if (mapping != null) {
                    throw new IllegalArgumentException("--mapping is for FHIR data; a DICOM folder takes --labels FILE");
                }
                return DicomInspection.print(DicomTableSource.of(source, labels, line -> { }),
                        schema == null ? null : studySchema(schema), System.out);
            }
            if (labels != null) {
                throw new IllegalArgumentException("--labels is for DICOM data (dicom:DIR)");
            }
            TableSource s = FhirTableSource.of(source, mapping);
            TableSchema table;
            if (schema != null) {
                table = studySchema(schema);
            } else if (s instanceof FhirTableSource) {
                table = ((FhirTableSource) s).mappingSchema();
            } else {
                throw new IllegalArgumentException("a CSV file needs --schema study.yaml (its data section names the label"
                        + " column and classes)");
            }
            print(s.read(table), System.out);
            return 0;
        }
    }

    /** Rows, features, missing share per column, label counts. */
    static void print(RawTable t, PrintStream out) {
        out.printf(Locale.ROOT, "rows=%d features=%d%n", t.rows(), t.cols());
        int width = Math.max(8, t.featureNames().stream().mapToInt(String::length).max().orElse(8));
        out.printf(Locale.ROOT, "%-" + width + "s  %s%n", "column", "missing");
        int[] all = t.allRows();
        for (int c = 0; c < t.cols(); c++) {
            out.printf(Locale.ROOT, "%-" + width + "s  %5.1f%%%n", t.featureNames().get(c),
                    100.0 * t.missingCount(c, all) / Math.max(1, t.rows()));
        }
        int[] counts = t.labelCounts();
        StringBuilder b = new StringBuilder("labels:");
        for (int k = 0; k < counts.length; k++) {
            b.append(' ').append(t.classNames().get(k)).append('=').append(counts[k]);
        }
        out.println(b);
        out.println(t.cleaning());
    }

    /** The {@code data} (or {@code study.data}) section of a study file, as a table schema. */
    @SuppressWarnings("unchecked")
    static TableSchema studySchema(Path file) {
        Map<String, Object> m;
        try {
            m = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read as YAML", e);
        }
        Object data = m == null ? null : m.get("data");
        if (data == null && m != null && m.get("study") instanceof Map) {
            data = ((Map<String, Object>) m.get("study")).get("data");
        }
        if (!(data instanceof Map)) {
            throw new IllegalArgumentException(file + ": no data section (data: or study: data:) with label, classes, features");
        }
        return OwnDataStudy.fromSection((Map<String, Object>) data, 0.2, 42).schema().table();
    }
}

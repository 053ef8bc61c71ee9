package org.fedmed.fhir;

import java.nio.file.Path;
import org.fedmed.data.read.RawTable;
import org.fedmed.data.read.TableSchema;
import org.fedmed.data.read.TableSource;

/**
 * A hospital's FHIR folder and its mapping as a node's records ({@code --data fhir:DIR --mapping FILE}).
 * The mapping is read and checked when the source is made, so a bad mapping stops the node before it
 * connects; the folder is read when the study's schema arrives.
 */
public final class FhirTableSource implements TableSource {

    /** The prefix of a {@code --data} value that names a FHIR folder. */
    public static final String PREFIX = "fhir:";

    private final Path dir;
    private final FhirMapping mapping;

    public FhirTableSource(Path dir, FhirMapping mapping) {
        this.dir = dir;
        this.mapping = mapping;
    }

    /** Whether a {@code --data} value names a FHIR folder. */
    public static boolean isFhir(String data) {
        return data.startsWith(PREFIX);
    }

    /**
     * The source a {@code --data} value names: {@code fhir:DIR} with its mapping (required), otherwise
     * a CSV file (a mapping is then refused).
     */
    public static TableSource of(String data, Path mapping) {
        if (!isFhir(data)) {
            if (mapping != null) {
                throw new IllegalArgumentException("--mapping is for FHIR data (--data fhir:DIR); " + data + " is read as a CSV file");
            }
            return TableSource.csv(Path.of(data));
        }
        if (mapping == null) {
            throw new IllegalArgumentException("--data fhir:DIR needs --mapping FILE (which Observations and Conditions make the"
                    + " table)");
        }
        return new FhirTableSource(Path.of(data.substring(PREFIX.length())), FhirMapping.load(mapping));
    }

    public Path dir() {
        return dir;
    }

    public FhirMapping mapping() {
        return mapping;
    }

    /** The folder through the mapping, before the study's schema chooses columns. */
    public FhirTable table() {
        return FhirTableBuilder.build(dir.toString(), FhirFolderReader.read(dir), mapping);
    }

    @Override
    public RawTable read(TableSchema schema) {
        return table().toRaw(schema);
    }

    /** The schema the mapping alone implies: its label, its two classes, all its features. */
    public TableSchema mappingSchema() {
        return new TableSchema(mapping.label().name(), mapping.label().classes(), mapping.featureNames());
    }

    @Override
    public String name() {
        return PREFIX + dir.getFileName();
    }
}

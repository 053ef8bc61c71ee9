package org.fedmed.data.read;

import java.nio.file.Path;

/**
 * Where a hospital's own records come from: a CSV file, or another format turned into the same table
 * (a FHIR folder and its mapping, in {@code fedmed-fhir}). A node reads its source under the study's
 * schema; everything after the read (split, statistics, preprocessing) does not know which it was.
 */
public interface TableSource {

    /**
     * The records under {@code schema}: its label and classes, its features in its order (or, without
     * declared features, every column the source has).
     *
     * @throws DataFormatException naming the file, line and field of a problem
     */
    RawTable read(TableSchema schema);

    /** A short name for progress lines and messages that may leave the site (a file name, never a value). */
    String name();

    /** A CSV file with a header row ({@link CsvTableReader}). */
    static TableSource csv(Path file) {
        return new CsvFile(file);
    }

    /** A CSV file as a table source. */
    record CsvFile(Path file) implements TableSource {

        @Override
        public RawTable read(TableSchema schema) {
            return CsvTableReader.read(file, schema);
        }

        @Override
        public String name() {
            return file.getFileName().toString();
        }
    }
}

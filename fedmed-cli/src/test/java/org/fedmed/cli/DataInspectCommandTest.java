package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataInspectCommandTest {

    static final Path FHIR = Path.of("..", "datasets", "fhir_synthea");

    @TempDir
    Path tmp;

    @Test
    void fhirBulkFolderShowsRowsFeaturesMissingSharesAndLabels() throws IOException {
        CliRun r = CliRun.of("data", "inspect", "fhir:" + FHIR.resolve("bulk_ndjson"), "--mapping",
                FHIR.resolve("mapping-bulk.yaml").toString());
        assertEquals(0, r.code(), r.err());
        long patients = Files.readAllLines(FHIR.resolve("bulk_ndjson/Patient.000.ndjson")).stream().filter(l -> !l.isBlank())
                .count();
        assertTrue(r.out().startsWith("rows=" + patients + " features=5\n"), r.out());
        assertTrue(r.out().contains("\nage   "), r.out());
        assertTrue(r.out().matches("(?s).*labels: absent=\\d+ present=\\d+.*"), r.out());
    }

    @Test
    void csvWithStudySchemaChoosesTheStudysColumns() throws IOException {
        Path csv = tmp.resolve("site.csv");
        Files.write(csv, List.of("id,a,b,y", "1,1.5,,neg", "2,2.5,3,pos", "3,NA,4,neg", "4,1,2,pos"));
        Path study = tmp.resolve("study.yaml");
        Files.writeString(study, "data:\n  label: y\n  classes: [neg, pos]\n  features: [a, b]\n");
        CliRun r = CliRun.of("data", "inspect", csv.toString(), "--schema", study.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("rows=4 features=2\n"), r.out());
        assertTrue(r.out().contains("a          25.0%"), r.out());
        assertTrue(r.out().contains("labels: neg=2 pos=2"), r.out());
    }

    @Test
    void invalidResourceIsOneLineNamingFileAndLineWithoutValue() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fhir"));
        Files.writeString(dir.resolve("Patient.ndjson"), "{\"resourceType\":\"Patient\",\"birthDate\":\"19x0-01-01\"}\n");
        CliRun r = CliRun.of("data", "inspect", "fhir:" + dir, "--mapping", FHIR.resolve("mapping-bulk.yaml").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("Patient.ndjson, line 1") && r.err().contains("birthDate"), r.err());
        assertFalse(r.err().contains("19x0"), r.err());
    }

    @Test
    void unknownUnitInMappingIsRefusedNamingTheKey() throws IOException {
        Path m = tmp.resolve("m.yaml");
        Files.writeString(m, "reference_date: 2020-01-01\nfeatures:\n  - {name: w, observation: {system: http://loinc.org,"
                + " code: 29463-7}, unit: stone}\nlabel: {name: y, condition: {system: http://snomed.info/sct, code: '1'},"
                + " classes: [a, b]}\n");
        CliRun r = CliRun.of("data", "inspect", "fhir:" + FHIR.resolve("bulk_ndjson"), "--mapping", m.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("m.yaml, features[0].unit") && r.err().contains("stone"), r.err());
    }
}

package org.fedmed.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedmed.data.read.DataFormatException;
import org.fedmed.data.read.RawTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FhirTableTest {

    static final Path DATA = Path.of("..", "datasets", "fhir_synthea");

    @TempDir
    Path tmp;

    @Test
    void bulkNdjsonBecomesOneRowPerPatientWithTheMappingsColumns() throws IOException {
        FhirTableSource s = new FhirTableSource(DATA.resolve("bulk_ndjson"), FhirMapping.load(DATA.resolve("mapping-bulk.yaml")));
        RawTable t = s.read(s.mappingSchema());
        ObjectMapper json = new ObjectMapper();
        List<String> patients = Files.readAllLines(DATA.resolve("bulk_ndjson/Patient.000.ndjson"));
        Set<String> prediabetic = new HashSet<>();
        for (String line : Files.readAllLines(DATA.resolve("bulk_ndjson/Condition.000.ndjson"))) {
            JsonNode c = json.readTree(line);
            String onset = c.path("onsetDateTime").asText("");
            for (JsonNode coding : c.path("code").path("coding")) {
                if (coding.path("code").asText().equals("15777000") && onset.compareTo("2020-01-02") < 0) {
                    prediabetic.add(c.path("subject").path("reference").asText().replace("Patient/", ""));
                }
            }
        }
        assertEquals(patients.size(), t.rows());
        assertEquals(5, t.cols());
        assertEquals(List.of("age", "female", "obesity", "stress", "anemia"), t.featureNames());
        assertEquals(prediabetic.size(), t.labelCounts()[1]);
        assertTrue(t.labelCounts()[0] > 0 && t.labelCounts()[1] > 0);
        int females = 0;
        for (String line : patients) {
            females += json.readTree(line).path("gender").asText().equals("female") ? 1 : 0;
        }
        double sum = 0;
        for (int r = 0; r < t.rows(); r++) {
            sum += t.value(r, t.column("female"));
        }
        assertEquals(females, sum, 0);
    }

    @Test
    void bundlesJoinObservationsByUrnUuidAndConvertUnits() throws IOException {
        FhirTableSource s = new FhirTableSource(DATA.resolve("bundles"), FhirMapping.load(DATA.resolve("mapping-bundles.yaml")));
        RawTable t = s.read(s.mappingSchema());
        assertEquals(10, t.rows());
        int withWeight = 0;
        int c = t.column("weight_kg");
        for (int r = 0; r < t.rows(); r++) {
            if (!Double.isNaN(t.value(r, c))) {
                withWeight++;
                assertTrue(t.value(r, c) > 1 && t.value(r, c) < 200);
            }
        }
        assertTrue(withWeight > 0, "some Observations join their Patient through urn:uuid references");
        double temp = t.value(0, t.column("temperature_c"));
        assertTrue(Double.isNaN(temp) || (temp > 30 && temp < 45));
    }

    @Test
    void invalidR4ResourceIsRefusedNamingFileAndLine() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(dir.resolve("Patient.000.ndjson"), "{\"resourceType\":\"Patient\",\"id\":\"a\",\"gender\":\"female\"}\n"
                + "{\"resourceType\":\"Patient\",\"id\":\"b\",\"gender\":\"robot\"}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> FhirFolderReader.read(dir));
        assertTrue(e.getMessage().contains("Patient.000.ndjson, line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("gender"), e.getMessage());
        assertFalse(e.getMessage().contains("robot"), "the message quotes no value: " + e.getMessage());
    }

    @Test
    void latestValueInTheWindowAndUnitsConverted() {
        FeatureRule weight = new FeatureRule("w", FeatureRule.Kind.OBSERVATION, new CodeRef(CodeRef.LOINC, List.of("29463-7")),
                "kg", Double.NaN, Reducer.LATEST, 365, null, null);
        FeatureRule mean = new FeatureRule("m", FeatureRule.Kind.OBSERVATION, new CodeRef(CodeRef.LOINC, List.of("29463-7")),
                "kg", Double.NaN, Reducer.MEAN, 0, null, null);
        FeatureRule count = new FeatureRule("n", FeatureRule.Kind.OBSERVATION, new CodeRef(CodeRef.LOINC, List.of("29463-7")),
                null, Double.NaN, Reducer.COUNT, 365, null, null);
        LabelRule label = new LabelRule("y", new CodeRef(CodeRef.SNOMED, List.of("1")), FeatureRule.ConditionWhen.EVER,
                List.of("no", "yes"));
        FhirMapping m = new FhirMapping(tmp.resolve("m.yaml"), java.time.LocalDate.of(2020, 1, 1), List.of(weight, mean, count),
                label, MissingPolicy.KEEP);
        List<FhirRecords.ObservationValue> obs = List.of(
                obs(0, "2018-06-01", 80, "kg"),          // outside the 365-day window
                obs(0, "2019-06-01", 176.37, "[lb_av]"), // 80.0 kg
                obs(0, "2019-03-01", 70, "kg"),
                obs(0, "2020-06-01", 99, "kg"));         // after the reference date
        FhirRecords rec = new FhirRecords(List.of(new FhirRecords.Patient(0, null, null),
                new FhirRecords.Patient(1, null, null)), obs, List.of(), 1, 4, 0);
        FhirTable t = FhirTableBuilder.build("x", rec, m);
        assertEquals(80.0, t.values()[0], 0.01);
        assertEquals((80 + 80.0 + 70) / 3, t.values()[1], 0.01);
        assertEquals(2, t.values()[2]);
        assertTrue(Double.isNaN(t.values()[3]));
        assertEquals(0, t.values()[5]);
    }

    @Test
    void unitConversions() {
        assertEquals(180, Units.convert(70.866, "[in_i]", "cm", Double.NaN), 0.01);
        assertEquals(37, Units.convert(98.6, "[degF]", "Cel", Double.NaN), 1e-9);
        assertEquals(5.55, Units.convert(100, "mg/dL", "mmol/L", 180.16), 0.01);
        assertEquals(100, Units.convert(5.5507, "mmol/L", "mg/dL", 180.16), 0.01);
        assertThrows(IllegalArgumentException.class, () -> Units.convert(1, "mg/dL", "mmol/L", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Units.convert(1, "kg", "cm", Double.NaN));
    }

    @Test
    void mappingRefusesUnknownSystemUnitAndMissingFile() throws IOException {
        String base = "reference_date: 2020-01-01\nlabel: {name: y, condition: {system: http://snomed.info/sct, code: '1'},"
                + " classes: [a, b]}\nfeatures:\n";
        Path sys = tmp.resolve("sys.yaml");
        Files.writeString(sys, base + "  - {name: w, observation: {system: http://loinc.example, code: 1}, unit: kg}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> FhirMapping.load(sys));
        assertTrue(e.getMessage().contains("sys.yaml") && e.getMessage().contains("features[0].observation.system"), e.getMessage());
        Path unit = tmp.resolve("unit.yaml");
        Files.writeString(unit, base + "  - {name: w, observation: {system: http://loinc.org, code: 1}, unit: stone}\n");
        e = assertThrows(DataFormatException.class, () -> FhirMapping.load(unit));
        assertTrue(e.getMessage().contains("features[0].unit") && e.getMessage().contains("stone"), e.getMessage());
        e = assertThrows(DataFormatException.class, () -> FhirMapping.load(tmp.resolve("none.yaml")));
        assertTrue(e.getMessage().contains("none.yaml"), e.getMessage());
    }

    private static FhirRecords.ObservationValue obs(int patient, String date, double value, String unit) {
        return new FhirRecords.ObservationValue(patient, CodeRef.LOINC, "29463-7", java.time.LocalDate.parse(date), value, unit, "f");
    }
}

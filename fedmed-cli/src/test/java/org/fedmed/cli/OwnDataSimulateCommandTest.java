package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.read.HeartDiseaseReader;
import org.fedmed.data.read.RawTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fedmed simulate` on the hospitals' own files: the statistics step runs over the simulated hospitals. */
class OwnDataSimulateCommandTest {

    @TempDir
    Path dir;

    @Test
    void anOwnDataStudyIsSimulatedFromOneFilePerHospital() throws Exception {
        RawTable heart = HeartDiseaseReader.read(DatasetCatalog.defaultDataRoot().resolve("heart_disease_uci"));
        for (int h : new int[] {0, 1, 3}) {
            writeCsv(dir.resolve(HeartDiseaseReader.HOSPITALS.get(h) + ".csv"), heart, h);
        }
        Path spec = Files.writeString(dir.resolve("own.yaml"), """
                rounds: 2
                lr: 0.05
                data:
                  label: diagnosis
                  classes: [absent, present]
                site_files:
                  hospital-a: cleveland.csv
                  hospital-b: hungary.csv
                  hospital-c: va_long_beach.csv
                """);
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        int exit = FedMed.execute(new PrintWriter(err, true), "simulate", "--config", spec.toString(), "--out", out.toString());
        assertEquals(0, exit, err.toString());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("own-data", report.get("dataset").asText());
        assertEquals(2, report.get("rounds").size());
        assertEquals(3, report.get("preprocessing_fit").get("sites").size());
        assertEquals(13, report.get("preprocessing_fit").get("input_names").size());
        assertTrue(report.get("per_site").has("hospital-c"), report.toString());
        assertTrue(report.get("per_site").get("hospital-a").get("accuracy").asDouble() > 0.5, report.toString());
        // the model card of an own-data run: its per-site figures and worst site, and no exported model
        JsonNode card = new ObjectMapper().readTree(out.resolve("model_card.json").toFile());
        String worst = card.at("/metrics/spread/worst_site").asText();
        report.get("per_site").forEach(s -> assertTrue(report.get("per_site").get(worst).get("accuracy").asDouble()
                <= s.get("accuracy").asDouble(), card.toString()));
        assertEquals("this run saves no model", card.at("/export/onnx_refused").asText());
        assertTrue(card.at("/intended_use/statement").asText().contains("not for diagnosis"));
    }

    @Test
    void aDataSectionWithoutFilesIsOneClearLine() throws IOException {
        Path spec = Files.writeString(dir.resolve("nofiles.yaml"), "data: {label: diagnosis, classes: [absent, present]}\n");
        StringWriter err = new StringWriter();
        Path out = dir.resolve("o");
        assertEquals(1, FedMed.execute(new PrintWriter(err, true), "simulate", "--config", spec.toString(), "--out", out.toString()));
        assertTrue(err.toString().startsWith("fedmed: error: a simulated study with a data section needs site_files"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(Files.exists(out.resolve("report.json")));
    }

    @Test
    void aMissingHospitalFileIsOneClearLineNamingTheSiteAndPath() throws IOException {
        Path spec = Files.writeString(dir.resolve("missing.yaml"), """
                data: {label: diagnosis, classes: [absent, present]}
                site_files: {hospital-a: nowhere.csv}
                """);
        StringWriter err = new StringWriter();
        Path out = dir.resolve("m");
        assertEquals(1, FedMed.execute(new PrintWriter(err, true), "simulate", "--config", spec.toString(), "--out", out.toString()));
        assertTrue(err.toString().startsWith("fedmed: error: site_files: the file of hospital-a, "), err.toString());
        assertTrue(err.toString().contains("nowhere.csv, does not exist"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(Files.exists(out.resolve("report.json")));
    }

    /** One hospital's rows as its export could look: a header, the features, the label as text, NA for missing. */
    private static void writeCsv(Path file, RawTable t, int hospital) throws IOException {
        StringBuilder b = new StringBuilder(String.join(",", t.featureNames())).append(",diagnosis\n");
        for (int r : t.rowsOfGroup(hospital)) {
            for (int c = 0; c < t.cols(); c++) {
                double v = t.value(r, c);
                b.append(Double.isNaN(v) ? "NA" : Double.toString(v)).append(',');
            }
            b.append(t.labels()[r] == 0 ? "absent" : "present").append('\n');
        }
        Files.writeString(file, b.toString());
    }
}

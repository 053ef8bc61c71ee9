package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.coordinator.PooledEvaluation;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hospitals whose records are FHIR R4 Bulk Data folders (written here: Patients, weight
 * Observations in kg at one site and partly in pounds at the other, an obesity Condition as the
 * label) train one model through {@code --data fhir:DIR --mapping FILE}; a third, whose folder holds a
 * Patient that is not valid R4, is left out with the file and line named and no value.
 */
class FhirDeploymentTest {

    private static final int ROUNDS = 4;

    @Test
    void twoNodesTrainOnTheirFhirFolders(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1", "site-2", "site-3");
        Path mapping = Files.writeString(dir.resolve("mapping.yaml"), """
                reference_date: 2020-01-01
                missing: keep
                features:
                  - {name: age, patient: age}
                  - {name: female, patient: sex}
                  - name: weight_kg
                    observation: {system: http://loinc.org, code: 29463-7}
                    unit: kg
                    reduce: latest
                    window_days: 365
                label:
                  name: obese
                  condition: {system: http://snomed.info/sct, codes: ["162864005"]}
                  classes: [absent, present]
                """);
        Path broken = folder(dir.resolve("fhir-3"), "c", 40, 3, false);
        List<String> lines = new ArrayList<>(Files.readAllLines(broken.resolve("Patient.000.ndjson")));
        lines.set(2, lines.get(2).replace("\"gender\":\"female\"", "\"gender\":\"robot\""));
        Files.write(broken.resolve("Patient.000.ndjson"), lines);
        List<Path> folders = List.of(folder(dir.resolve("fhir-1"), "a", 40, 1, false), folder(dir.resolve("fhir-2"), "b", 40, 2, true),
                broken);
        Path config = NetFixtures.studyConfig(dir, port, ROUNDS, """
                strategy: fedavg
                lr: 0.1
                local_epochs: 5
                batch_size: 8
                seed: 7
                data:
                  label: obese
                  classes: [absent, present]
                  features: [age, female, weight_kg]
                """);
        ByteArrayOutputStream coordinatorLog = new ByteArrayOutputStream();
        CompletableFuture<Coordinator.Outcome> run = NetFixtures.startCoordinator(new Coordinator(CoordinatorConfig.load(config),
                null, new PrintStream(coordinatorLog, true, StandardCharsets.UTF_8)));
        List<NodeMain.Options> options = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            options.add(NodeMain.Options.ownData(p.layout().kit("site-" + (i + 1)), Path.of("fhir:" + folders.get(i)),
                    Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60)).withMapping(mapping));
        }
        List<ByteArrayOutputStream> logs = new ArrayList<>();
        List<CompletableFuture<Integer>> nodes = NetFixtures.startOwnDataNodes(options, logs);
        Coordinator.Outcome outcome = run.get(240, TimeUnit.SECONDS);
        String all = coordinatorLog.toString(StandardCharsets.UTF_8) + logs.get(0) + logs.get(1) + logs.get(2);
        // the site with a resource that is not valid R4: its node stops with the file and line; the coordinator
        // learns where, never the value, and goes on with the others
        assertEquals(1, nodes.get(2).get(30, TimeUnit.SECONDS), all);
        String reason = outcome.preprocessing().excluded().get("site-3");
        assertTrue(reason.contains("Patient.000.ndjson, line 3") && reason.contains("gender"), reason);
        assertTrue(!reason.contains("robot") && !coordinatorLog.toString(StandardCharsets.UTF_8).contains("robot"), reason);
        assertTrue(!reason.contains(dir.toString()), "no local path leaves the site: " + reason);
        for (int i = 0; i < 2; i++) {
            assertEquals(0, nodes.get(i).get(30, TimeUnit.SECONDS), all);
            assertTrue(logs.get(i).toString(StandardCharsets.UTF_8).contains("own data fhir:fhir-" + (i + 1) + ": "), all);
        }
        assertEquals(List.of("age", "female", "weight_kg"), outcome.preprocessing().preprocessing().inputNames());
        assertEquals(80, outcome.preprocessing().siteRows().values().stream().mapToLong(Long::longValue).sum()
                + 2 * 8, "rows: 40 patients per site, 8 held out at each for its test set");
        assertNull(outcome.data(), "the coordinator holds no data");
        assertEquals(ROUNDS, outcome.federation().rounds().size());
        EvaluationResult last = PooledEvaluation.of(outcome.federation().lastRound().siteEvaluations());
        assertTrue(last.metrics().accuracy() >= 0.75, "pooled accuracy " + last.metrics().accuracy() + "\n" + all);
        System.out.printf(Locale.ROOT, "FHIR federation: pooled accuracy %.4f over %d test records%n", last.metrics().accuracy(),
                last.samples());
    }

    /** A Bulk Data folder: {@code n} Patients, one or two weights each, obese (the Condition) above 85 kg. */
    private static Path folder(Path dir, String prefix, int n, long seed, boolean pounds) throws IOException {
        Files.createDirectories(dir);
        Random rnd = new Random(seed);
        StringBuilder patients = new StringBuilder();
        StringBuilder obs = new StringBuilder();
        StringBuilder conds = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            patients.append(String.format(Locale.ROOT, "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"gender\":\"%s\","
                    + "\"birthDate\":\"%d-03-04\"}%n", id, i % 2 == 0 ? "female" : "male", 1940 + rnd.nextInt(60)));
            double kg = i % 2 == 0 ? 60 + rnd.nextDouble() * 20 : 90 + rnd.nextDouble() * 20;
            // an older weight outside the window, which the mapping must ignore
            obs.append(observation(id + "-old", id, "2017-01-01", 70, false));
            obs.append(observation(id + "-w", id, "2019-06-01", pounds && i % 3 == 0 ? kg / 0.45359237 : kg, pounds && i % 3 == 0));
            if (kg > 85) {
                conds.append(String.format(Locale.ROOT, "{\"resourceType\":\"Condition\",\"id\":\"%s-c\",\"code\":{\"coding\":"
                        + "[{\"system\":\"http://snomed.info/sct\",\"code\":\"162864005\"}]},\"subject\":{\"reference\":"
                        + "\"Patient/%s\"},\"onsetDateTime\":\"2019-07-01\"}%n", id, id));
            }
        }
        Files.writeString(dir.resolve("Patient.000.ndjson"), patients);
        Files.writeString(dir.resolve("Observation.000.ndjson"), obs);
        Files.writeString(dir.resolve("Condition.000.ndjson"), conds);
        return dir;
    }

    private static String observation(String id, String patient, String date, double value, boolean pounds) {
        return String.format(Locale.ROOT, "{\"resourceType\":\"Observation\",\"id\":\"%s\",\"status\":\"final\",\"code\":"
                + "{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"29463-7\"}]},\"subject\":{\"reference\":\"Patient/%s\"},"
                + "\"effectiveDateTime\":\"%s\",\"valueQuantity\":{\"value\":%.2f,\"system\":\"http://unitsofmeasure.org\","
                + "\"code\":\"%s\"}}%n", id, patient, date, value, pounds ? "[lb_av]" : "kg");
    }
}

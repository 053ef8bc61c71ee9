package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimulateCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int exit = FedMed.execute(new PrintWriter(err, true), args);
        return new Run(exit, err.toString());
    }

    @Test
    void clientLevelDpWithSecureNoiseWithholdsSiteDetailsAndComposesWithFedAdam() throws Exception {
        Path out = tmp.resolve("dp-secure");
        Run r = run("simulate", "--rounds", "2", "--strategy", "fedadam", "--dp-level", "client", "--dp-clip", "1", "--dp-noise", "0.5",
                "--no-dp-seeded-noise", "--no-baselines", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("dp-fedadam", report.get("strategy").asText());
        String aggregation = report.get("aggregation").asText();
        assertTrue(aggregation.startsWith("clip(c=1.0) → mean(uniform, fixed denominator) → gaussian(σ=0.5) → adam("), aggregation);
        for (JsonNode round : report.get("rounds")) {
            assertTrue(round.get("train_loss").isNull(), round.toString());
            assertEquals(0, round.get("site_accuracy").size(), round.toString());
            assertTrue(round.get("site_details_withheld").asBoolean());
            for (JsonNode p : round.get("participants")) {
                assertTrue(p.asText().startsWith("withheld-"), round.toString());
            }
        }
        assertEquals(0, report.get("per_site").size());
        assertTrue(report.get("site_details").asText().startsWith("withheld under client-level DP"));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("withheld under client-level DP"), "html names why site details are missing");
        for (JsonNode site : report.get("sites")) {
            assertFalse(html.contains("<td>" + site.get("id").asText() + "</td><td>0."), "no per-site metrics row in the html");
        }

        // a seeded research run is not private anyway, says so, and keeps the details
        Path seeded = tmp.resolve("dp-seeded");
        assertEquals(0, run("simulate", "--rounds", "2", "--dp-level", "client", "--dp-clip", "1", "--dp-noise", "0.5",
                "--no-baselines", "--out", seeded.toString()).exit());
        JsonNode research = new ObjectMapper().readTree(seeded.resolve("report.json").toFile());
        assertFalse(research.get("rounds").get(0).get("participants").get(0).asText().startsWith("withheld-"));
        assertTrue(research.get("privacy").get("mechanism").asText().contains("SEEDED NOISE (not private)"));
    }

    @Test
    void writesReportJsonWithTheDocumentedFieldsAndAnHtmlReport() throws Exception {
        Path out = tmp.resolve("wdbc");
        Run r = run("simulate", "--dataset", "wdbc", "--rounds", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("wdbc", report.get("dataset").asText());
        assertEquals("fedavg", report.get("strategy").asText());
        assertEquals("mean(samples) → sgd(η=1.0)", report.get("aggregation").asText());
        assertEquals(42, report.get("seed").asInt());
        assertEquals(5, report.get("sites").size());
        for (JsonNode site : report.get("sites")) {
            for (String f : List.of("id", "train_samples", "test_samples", "label_counts")) {
                assertTrue(site.has(f), "site lacks " + f);
            }
        }
        assertEquals(2, report.get("rounds").size());
        for (JsonNode round : report.get("rounds")) {
            for (String f : List.of("round", "train_loss", "test_loss", "test_accuracy", "seconds", "bytes_to_sites", "bytes_from_sites")) {
                assertTrue(round.has(f), "round lacks " + f);
            }
            assertTrue(round.get("bytes_to_sites").asLong() > 0);
        }
        JsonNode fin = report.get("final");
        for (JsonNode m : List.of(fin.get("federated"), fin.get("centralized"), report.get("per_site").elements().next(),
                fin.get("local_only").elements().next())) {
            for (String f : List.of("accuracy", "precision", "recall", "f1", "roc_auc", "kappa", "sensitivity", "specificity", "ppv",
                    "npv", "balanced_accuracy", "confusion")) {
                assertTrue(m.has(f), "metrics lack " + f + ": " + m);
            }
            // the disease class (malignant, label 1) is the positive one: sensitivity is its recall, from the confusion matrix
            JsonNode c = m.get("confusion");
            double tp = c.get(1).get(1).asDouble();
            assertEquals(tp / (tp + c.get(1).get(0).asDouble()), m.get("sensitivity").asDouble(), 1e-12);
            assertEquals(m.get("recall").asDouble(), m.get("sensitivity").asDouble(), 1e-12);
        }
        assertEquals(5, fin.get("local_only").size());
        assertTrue(fin.get("federated").get("accuracy").asDouble() > 0.85);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Confusion matrix") && html.contains("centralized"));
        assertTrue(html.contains("<th>sensitivity</th><th>specificity</th><th>PPV</th><th>NPV</th><th>balanced accuracy</th>"));
        // the ROC curve of the final model for the disease class, from (0, 0) to (1, 1), its area the reported AUC
        JsonNode roc = fin.get("federated_roc");
        assertEquals("malignant", roc.get("positive_class").asText());
        int last = roc.get("fpr").size() - 1;
        assertEquals(0, roc.get("fpr").get(0).asDouble());
        assertEquals(1, roc.get("tpr").get(last).asDouble());
        double area = 0;
        for (int k = 1; k <= last; k++) {
            area += (roc.get("fpr").get(k).asDouble() - roc.get("fpr").get(k - 1).asDouble())
                    * (roc.get("tpr").get(k).asDouble() + roc.get("tpr").get(k - 1).asDouble()) / 2;
        }
        assertEquals(fin.get("federated").get("roc_auc").asDouble(), area, 1e-9);
        assertTrue(html.contains("ROC, malignant (AUC ") && html.contains("class='roc'"), "the ROC chart");
    }

    @Test
    void clientLevelDpIsAccountedEveryRoundInTheReport() throws Exception {
        Path out = tmp.resolve("dp");
        Run r = run("simulate", "--rounds", "3", "--dp-noise", "1.0", "--dp-clip", "0.5", "--no-baselines", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode privacy = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("privacy");
        assertEquals("client", privacy.get("level").asText());
        assertEquals(1e-5, privacy.get("delta").asDouble());
        JsonNode rounds = privacy.get("rounds");
        assertEquals(3, rounds.size());
        double previous = 0;
        for (JsonNode round : rounds) {
            assertEquals(1.0, round.get("noise_multiplier").asDouble());
            assertEquals(0.5, round.get("clip_norm").asDouble());
            assertTrue(round.get("epsilon").asDouble() > previous, "epsilon grows every round");
            previous = round.get("epsilon").asDouble();
        }
        assertEquals(previous, privacy.get("epsilon").asDouble());
        assertEquals(5, privacy.get("per_site").size());
        assertTrue(Files.readString(out.resolve("report.html")).contains("Client-level privacy"));
    }

    @Test
    void aTargetEpsilonCalibratesTheNoiseAndTheStudyStaysWithinIt() throws Exception {
        Path out = tmp.resolve("dp-target");
        Run r = run("simulate", "--rounds", "4", "--dp-epsilon", "8", "--dp-clip", "1", "--no-baselines", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode privacy = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("privacy");
        double epsilon = privacy.get("epsilon").asDouble();
        assertTrue(epsilon <= 8 && epsilon > 7.9, "calibrated to spend (almost) exactly the budget: " + epsilon);
    }

    @Test
    void aNoiseMultiplierThatWouldOverspendTheTargetIsRefusedBeforeTraining() {
        Path out = tmp.resolve("dp-over");
        Run r = run("simulate", "--rounds", "20", "--dp-noise", "0.5", "--dp-clip", "1", "--dp-epsilon", "3", "--out", out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("above the target 3") && r.err().contains("needs a noise multiplier of at least"), r.err());
        assertFalse(Files.exists(out.resolve("report.json")));
    }

    @Test
    void sampleLevelDpReportsEverySitesLedger() throws Exception {
        Path out = tmp.resolve("dp-sample");
        Run r = run("simulate", "--rounds", "3", "--partition", "iid", "--dp-level", "sample", "--dp-clip", "1", "--dp-epsilon", "3",
                "--optimizer", "sgd", "--lr", "0.5", "--batch-size", "32", "--no-baselines", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode privacy = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("privacy");
        assertEquals("sample", privacy.get("level").asText());
        assertEquals(3, privacy.get("rounds").size());
        assertEquals(5, privacy.get("rounds").get(2).get("per_site").size());
        JsonNode sites = privacy.get("sites");
        assertEquals(5, sites.size());
        for (JsonNode s : sites) {
            assertEquals(3, s.get("rounds_trained").asInt());
            assertTrue(s.get("epsilon").asDouble() <= 3.0 && s.get("epsilon").asDouble() > 2.99, s.toString());
            assertFalse(s.get("budget_reached").asBoolean());
        }
        assertTrue(privacy.get("epsilon").asDouble() <= 3.0);
        assertTrue(Files.readString(out.resolve("report.html")).contains("Sample-level privacy"));
    }

    @Test
    void aNoiseScheduleIsFollowedAndAccountedRoundByRound() throws Exception {
        Path out = tmp.resolve("dp-schedule");
        Run r = run("simulate", "--rounds", "4", "--dp-noise", "3", "--dp-noise-schedule", "linear:1.5", "--dp-clip", "1",
                "--no-baselines", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode rounds = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("privacy").get("rounds");
        double[] expected = {3.0, 2.5, 2.0, 1.5};
        RdpAccountant replay = new RdpAccountant();
        for (int t = 0; t < 4; t++) {
            JsonNode round = rounds.get(t);
            assertEquals(expected[t], round.get("noise_multiplier").asDouble(), 1e-12, "sigma of round " + (t + 1));
            replay.record(round.get("sampling_rate").asDouble(), expected[t], 1);
            assertEquals(replay.spent(1e-5, Conversion.IMPROVED).epsilon(), round.get("epsilon").asDouble(),
                    1e-9, "epsilon after round " + (t + 1));
        }
    }

    @Test
    void perLayerNoiseMultipliersAreAccountedByTheirEffectiveSigma() throws Exception {
        Path out = tmp.resolve("dp-layers");
        // WDBC's logistic regression has two tensors: weight and bias
        Run r = run("simulate", "--rounds", "2", "--dp-layer-noise", "2,4", "--dp-clip", "1", "--no-baselines", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode privacy = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("privacy");
        assertTrue(privacy.get("mechanism").asText().contains("per-layer"), privacy.toString());
        double effective = 1 / Math.sqrt(1 / 4.0 + 1 / 16.0);
        assertEquals(effective, privacy.get("rounds").get(0).get("noise_multiplier").asDouble(), 1e-9);

        Run wrong = run("simulate", "--rounds", "2", "--dp-layer-noise", "2,4,8", "--dp-clip", "1", "--no-baselines", "--out",
                tmp.resolve("dp-layers-3").toString());
        assertEquals(1, wrong.exit());
        assertTrue(wrong.err().contains("has 2 tensors"), wrong.err());
    }

    static List<List<String>> badInputs() {
        return List.of(
                List.of("--dataset", "nosuch"),
                List.of("--rounds", "0"),
                List.of("--sites", "100000"),
                List.of("--strategy", "fedmagic"),
                List.of("--partition", "natural"),
                List.of("--partition", "dirichlet:-1"),
                List.of("--lr", "-0.1"),
                List.of("--data-dir", "/nonexistent/datasets"),
                List.of("--dp-noise", "1.0"),
                List.of("--dp-noise", "0", "--dp-clip", "1"),
                List.of("--dp-noise", "1", "--dp-clip", "1", "--dp-mode", "sideways"),
                List.of("--dp-epsilon", "-1", "--dp-clip", "1"),
                List.of("--dp-level", "sideways", "--dp-noise", "1", "--dp-clip", "1"),
                List.of("--dp-level", "sample", "--dp-noise", "1"),
                List.of("--dp-level", "sample", "--dp-noise", "-1", "--dp-clip", "1"),
                List.of("--dp-level", "sample", "--dp-noise", "1", "--dp-clip", "1", "--dp-delta", "0.5"),
                List.of("--dp-level", "sample", "--dp-noise", "0.2", "--dp-clip", "1", "--dp-epsilon", "0.01"),
                List.of("--dp-level", "sample", "--dp-noise", "1", "--dp-clip", "1", "--dp-mode", "distributed"),
                List.of("--dp-noise", "1", "--dp-clip", "1", "--dp-noise-schedule", "wobbly"),
                List.of("--dp-noise", "1", "--dp-clip", "1", "--dp-noise-schedule", "linear:x"),
                List.of("--dp-epsilon", "3", "--dp-clip", "1", "--dp-noise-schedule", "linear:0.5"),
                List.of("--dp-layer-noise", "1,2", "--dp-noise", "1", "--dp-clip", "1"),
                List.of("--dp-noise", "0.3", "--dp-clip", "1", "--dp-noise-schedule", "linear:0.2", "--dp-epsilon", "3"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputFailsClearlyAndWritesNothing(List<String> bad) {
        Path out = tmp.resolve("out");
        String[] args = Stream.concat(Stream.of("simulate", "--out", out.toString()),
                bad.stream()).toArray(String[]::new);
        Run r = run(args);
        assertNotEquals(0, r.exit(), "exit code for " + bad);
        assertTrue(r.err().contains("error"), "message for " + bad + ": " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace for bad input " + bad + ": " + r.err());
        assertFalse(Files.exists(out.resolve("report.json")), "nothing written for " + bad);
    }

    @Test
    void malformedDataFileIsRefusedNamingFileAndLine() throws Exception {
        Path data = tmp.resolve("data/breast_cancer_wisconsin");
        Files.createDirectories(data);
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("../datasets/breast_cancer_wisconsin/wdbc.data")));
        lines.set(41, lines.get(41).replaceFirst(",M,", ",M,oops,"));
        Files.write(data.resolve("wdbc.data"), lines);
        Path out = tmp.resolve("o");
        Run r = run("simulate", "--data-dir", tmp.resolve("data").toString(), "--out", out.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("wdbc.data") && r.err().contains("line 42"), r.err());
        assertFalse(Files.exists(out), "nothing written to --out");
    }

    @Test
    void runSpecFileWithUnknownKeyIsRefusedNamingTheKey() throws Exception {
        Path spec = tmp.resolve("study.yaml");
        Files.writeString(spec, "dataset: wdbc\nrounds: 2\nlocal_epocs: 3\n");
        Run r = run("simulate", "--config", spec.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("local_epocs") && r.err().contains("study.yaml"), r.err());
    }

    @Test
    void runSpecFileSetsTheRunAndOptionsOverrideIt() throws Exception {
        Path spec = tmp.resolve("study.yaml");
        Files.writeString(spec, "dataset: wdbc\nrounds: 3\nstrategy: fedprox\nparams: {mu: 0.1}\nbaselines: false\n");
        Path out = tmp.resolve("o");
        Run r = run("simulate", "--config", spec.toString(), "--rounds", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("fedprox", report.get("strategy").asText());
        assertEquals(2, report.get("rounds").size(), "--rounds overrides the file");
        assertEquals(0.1, report.get("config").get("strategy_params").get("mu").asDouble());
        assertTrue(report.get("final").get("centralized").isNull());
    }
}

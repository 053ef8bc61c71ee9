package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlambyBenchCommandTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"heart", "heart --rates fedmed", "tcga-brca", "tcga-brca --rates fedmed"})
    void shortRunWritesEveryStrategyBesideFlambysFigure(String datasetAndRates) throws Exception {
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("bench", "flamby"));
        args.addAll(List.of(datasetAndRates.split(" ")));
        args.addAll(List.of("--seeds", "1", "--rounds", "2", "--local-steps", "10", "--pooled-epochs", "2", "--out", tmp.toString()));
        int exit = FedMed.execute(new PrintWriter(err, true), args.toArray(String[]::new));
        String dataset = args.get(2);
        assertEquals(0, exit, err.toString());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("flamby.json").toFile());
        List<String> measured = List.of("pooled", "fedavg", "fedprox", "scaffold", "cyclic", "fedadam", "fedyogi", "fedadagrad", "best");
        for (String s : measured) {
            JsonNode fedmed = json.get(s).get("fedmed");
            for (String metric : List.of("client_mean", "pooled")) {
                double v = fedmed.get(metric).asDouble(Double.NaN);
                assertTrue(v >= 0 && v <= 1, s + " " + metric + " = " + fedmed.get(metric));
            }
            assertEquals(1, fedmed.get("client_mean_per_seed").size());
            double flamby = json.get(s).get("flamby").get("client_mean").asDouble(Double.NaN);
            assertTrue(flamby > 0.5 && flamby < 1, s + ": FLamby's figure " + flamby);
            assertEquals(dataset.equals("heart") ? "accuracy" : "C-index", fedmed.get("metric").asText());
            if (!s.equals("pooled") && !s.equals("best")) {
                // an arm is labelled tuned only where its setting differs from FLamby's (heart: Cyclic's rate)
                boolean tuned = datasetAndRates.endsWith("fedmed") && (dataset.equals("tcga-brca") ? !s.equals("cyclic") : s.equals("cyclic"));
                String rates = tuned ? "(tuned for FedMed)" : "(FLamby's)";
                assertTrue(fedmed.get("setting").asText().contains(rates), s + ": " + fedmed.get("setting"));
            }
            assertTrue(json.get(s).get("flamby").get("source").asText().contains("FLamby"));
        }
        assertTrue(measured.contains(json.get("best").get("fedmed").get("strategy").asText()));
    }

    @Test
    void anUnknownInitialisationIsRefused() {
        StringWriter err = new StringWriter();
        int exit = FedMed.execute(new PrintWriter(err, true), "bench", "flamby", "heart", "--init", "torch", "--out", tmp.toString());
        assertEquals(1, exit);
        assertTrue(err.toString().contains("--init is flamby or fedmed, got 'torch'"), err.toString());
    }

    @Test
    void onlyHeartAndTcgaBrcaAreReproduced() {
        StringWriter err = new StringWriter();
        int exit = FedMed.execute(new PrintWriter(err, true), "bench", "flamby", "isic2019", "--out", tmp.toString());
        assertEquals(1, exit);
        assertTrue(err.toString().contains("flamby heart|tcga-brca"), err.toString());
    }
}

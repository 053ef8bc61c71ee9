package org.fedmed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.sim.SimulationSpecBuilder;

/**
 * Reads a run spec (YAML or JSON; keys as the command-line options, with '-' or '_'). Unknown keys
 * and wrongly typed values are errors that name the file and the key: a typo must not silently
 * fall back to a default in a study.
 */
final class RunSpecFile {

    private RunSpecFile() {
    }

    static SimulationSpecBuilder read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("run spec " + file + " does not exist or is not a file");
        }
        JsonNode root;
        try {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot parse run spec " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("run spec " + file + " must be a mapping of settings");
        }
        SimulationSpecBuilder b = new SimulationSpecBuilder();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            apply(b, file, e.getKey().replace('-', '_'), e.getValue());
        }
        return b;
    }

    private static void apply(SimulationSpecBuilder b, Path file, String key, JsonNode v) {
        Field f = new Field(file, key, v);
        switch (key) {
            case "dataset" -> b.dataset = f.text();
            case "data_dir" -> b.dataRoot = file.toAbsolutePath().getParent().resolve(f.text());
            case "sites" -> b.sites = f.integer();
            case "partition" -> b.partition = f.text();
            case "strategy" -> b.strategy = f.text();
            case "params" -> {
                if (!v.isObject()) {
                    throw f.error("a mapping such as {mu: 0.01}");
                }
                v.fields().forEachRemaining(p -> b.strategyParams.put(p.getKey(), new Field(file, key + "." + p.getKey(), p.getValue()).number()));
            }
            case "rounds" -> b.rounds = f.integer();
            case "local_epochs" -> b.localEpochs = f.integer();
            case "batch_size" -> b.batchSize = f.integer();
            case "lr" -> b.learningRate = f.number();
            case "optimizer" -> b.optimizer = f.text();
            case "momentum" -> b.momentum = f.number();
            case "weight_decay" -> b.weightDecay = f.number();
            case "lr_schedule" -> b.schedule = f.text();
            case "balance_classes" -> b.balanceClasses = f.bool();
            case "model" -> b.model = f.text();
            case "hidden" -> b.hiddenUnits = f.integers();
            case "dropout" -> b.dropout = f.number();
            case "weighting" -> b.weighting = f.text();
            case "fraction" -> b.fraction = f.number();
            case "min_sites" -> b.minSites = f.integer();
            case "test_fraction" -> b.testFraction = f.number();
            case "site_test_fraction" -> b.siteTestFraction = f.number();
            case "seed" -> b.seed = (long) f.integer();
            case "baselines" -> b.baselines = f.bool();
            case "dp_level" -> b.dpLevel = f.text();
            case "dp_noise" -> b.dpNoise = f.number();
            case "dp_noise_schedule" -> b.dpNoiseSchedule = f.text();
            case "dp_layer_noise" -> b.dpLayerNoise = f.numbers();
            case "dp_clip" -> b.dpClip = f.number();
            case "dp_mode" -> b.dpMode = f.text();
            case "dp_quantile" -> b.dpQuantile = f.number();
            case "dp_delta" -> b.dpDelta = f.number();
            case "dp_epsilon" -> b.dpEpsilon = f.number();
            case "dp_seeded_noise" -> b.dpSeededNoise = f.bool();
            default -> throw new IllegalArgumentException("run spec " + file + ": unknown setting '" + key + "'");
        }
    }

    private record Field(Path file, String key, JsonNode v) {
        IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("run spec " + file + ": '" + key + "' must be " + expected + ", got " + v);
        }

        String text() {
            if (!v.isTextual()) {
                throw error("text");
            }
            return v.asText();
        }

        int integer() {
            if (!v.isIntegralNumber()) {
                throw error("a whole number");
            }
            return v.asInt();
        }

        double number() {
            if (!v.isNumber()) {
                throw error("a number");
            }
            return v.asDouble();
        }

        boolean bool() {
            if (!v.isBoolean()) {
                throw error("true or false");
            }
            return v.asBoolean();
        }

        List<Integer> integers() {
            if (!v.isArray()) {
                throw error("a list of whole numbers");
            }
            List<Integer> out = new ArrayList<>();
            for (JsonNode n : v) {
                if (!n.isIntegralNumber()) {
                    throw error("a list of whole numbers");
                }
                out.add(n.asInt());
            }
            return out;
        }

        List<Double> numbers() {
            if (!v.isArray()) {
                throw error("a list of numbers");
            }
            List<Double> out = new ArrayList<>();
            for (JsonNode n : v) {
                if (!n.isNumber()) {
                    throw error("a list of numbers");
                }
                out.add(n.asDouble());
            }
            return out;
        }
    }
}

package org.fedmed.study.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.FederatedData;

/**
 * A trained model as every run saves it, so a later study can start from it ({@code init_from}):
 * a folder with {@code model.json} (what the model is and what it expects) and {@code weights.bin}.
 *
 * <p>{@code model.json}: {@code format} ("fedmed-model/1"), {@code architecture}, {@code input_shape},
 * {@code num_classes}, {@code hidden_units}, {@code dropout}, {@code classes} (label order),
 * {@code dataset}, {@code feature_names} (tabular, in input order), {@code preprocessing} (in words, as
 * the run applied it: a user of the model must prepare its input the same way), {@code tensors}
 * ([{name, shape}] in weight order) and {@code weights_sha256}. {@code weights.bin}: the tensors'
 * float32 values, little-endian, concatenated in that order. Both files are written readable by
 * the owner only (model state can leak training data).
 */
public record SavedModel(ModelSpec spec, List<String> classes, String dataset, List<String> featureNames,
                         String preprocessing, ModelWeights weights) {

    public static final String FORMAT = "fedmed-model/1";
    public static final String JSON = "model.json";
    public static final String WEIGHTS = "weights.bin";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SavedModel {
        classes = List.copyOf(classes);
        featureNames = List.copyOf(featureNames);
    }

    /** The final model of a study on {@code data}, with what a user of it needs to prepare its input. */
    public static SavedModel of(ModelSpec spec, FederatedData data, String dataset, ModelWeights weights) {
        return new SavedModel(spec, data.classNames(), dataset, data.featureNames(), data.preprocessing(), weights);
    }

    /** Writes the folder {@code dir} (created if needed; the two files replaced). */
    public void write(Path dir) {
        byte[] bytes = littleEndian(weights.values());
        ObjectNode n = MAPPER.createObjectNode();
        n.put("format", FORMAT);
        n.put("architecture", spec.architecture().id());
        ArrayNode shape = n.putArray("input_shape");
        Arrays.stream(spec.inputShape()).forEach(shape::add);
        n.put("num_classes", spec.numClasses());
        ArrayNode hidden = n.putArray("hidden_units");
        spec.hiddenUnits().forEach(hidden::add);
        n.put("dropout", spec.dropout());
        n.set("classes", MAPPER.valueToTree(classes));
        n.put("dataset", dataset);
        n.set("feature_names", MAPPER.valueToTree(featureNames));
        n.put("preprocessing", preprocessing);
        ArrayNode tensors = n.putArray("tensors");
        for (TensorSpec t : weights.specs()) {
            ObjectNode o = tensors.addObject();
            o.put("name", t.name());
            ArrayNode s = o.putArray("shape");
            Arrays.stream(t.shape()).forEach(s::add);
        }
        n.put("weights_sha256", sha256(bytes));
        try {
            Files.createDirectories(dir);
            writePrivate(dir.resolve(WEIGHTS), bytes);
            writePrivate(dir.resolve(JSON), MAPPER.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + dir, e);
        }
    }

    /**
     * Reads a folder written by {@link #write}; a missing or altered file, another format or weights
     * that do not match their description is an IllegalArgumentException naming the file.
     */
    public static SavedModel read(Path dir) {
        Path json = dir.resolve(JSON);
        Path bin = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(json) || !Files.isRegularFile(bin)) {
            throw new IllegalArgumentException("init model " + dir + ": expected a folder with " + JSON + " and " + WEIGHTS
                    + " (as every run writes under its out folder, model/)");
        }
        try {
            JsonNode n = MAPPER.readTree(json.toFile());
            if (!FORMAT.equals(n.path("format").asText())) {
                throw new IllegalArgumentException(json + ": format '" + n.path("format").asText() + "', expected " + FORMAT);
            }
            byte[] bytes = Files.readAllBytes(bin);
            if (!sha256(bytes).equals(n.path("weights_sha256").asText())) {
                throw new IllegalArgumentException(bin + ": its SHA-256 differs from the one in " + JSON
                        + " (the file was altered or belongs to another model)");
            }
            List<TensorSpec> specs = new ArrayList<>();
            for (JsonNode t : n.withArray("tensors")) {
                specs.add(new TensorSpec(t.path("name").asText(), ints(t.withArray("shape"))));
            }
            int total = specs.stream().mapToInt(TensorSpec::numel).sum();
            if (bytes.length != 4L * total) {
                throw new IllegalArgumentException(bin + ": " + bytes.length + " bytes, but the tensors of " + JSON + " need "
                        + 4L * total);
            }
            float[] values = new float[total];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            List<Integer> hidden = new ArrayList<>();
            n.withArray("hidden_units").forEach(h -> hidden.add(h.asInt()));
            ModelSpec spec = new ModelSpec(ModelArchitecture.parse(n.path("architecture").asText()), ints(n.withArray("input_shape")),
                    n.path("num_classes").asInt(), hidden, n.path("dropout").asDouble());
            return new SavedModel(spec, strings(n.withArray("classes")), n.path("dataset").asText(),
                    strings(n.withArray("feature_names")), n.path("preprocessing").asText(), ModelWeights.of(specs, values));
        } catch (IOException e) {
            throw new IllegalArgumentException("init model " + dir + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    /**
     * This model's weights as the start of a study whose freshly built model has {@code layout}: every
     * tensor must agree in name and shape, else the first that does not is named.
     */
    public ModelWeights startFor(ModelWeights layout, Path from) {
        List<TensorSpec> mine = weights.specs();
        List<TensorSpec> theirs = layout.specs();
        for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
            if (i >= mine.size() || i >= theirs.size()) {
                throw new IllegalArgumentException("init model " + from + " has " + mine.size() + " tensors, this study's model ("
                        + spec.architecture().id() + ") has " + theirs.size());
            }
            TensorSpec a = mine.get(i);
            TensorSpec b = theirs.get(i);
            if (!a.name().equals(b.name()) || !Arrays.equals(a.shape(), b.shape())) {
                // a block's tensors are numbered by position: the same layers after one more or one fewer dropout layer
                boolean onlyNumbering = Arrays.equals(a.shape(), b.shape())
                        && a.name().replaceFirst("^\\d+", "").equals(b.name().replaceFirst("^\\d+", ""));
                throw new IllegalArgumentException("init model " + from + ": tensor " + (i + 1) + " is " + a.name()
                        + Arrays.toString(a.shape()) + " but this study's model needs " + b.name() + Arrays.toString(b.shape())
                        + (onlyNumbering ? " (the same layers with and without dropout: the saved model has dropout " + spec.dropout()
                                + "; give dropout " + spec.dropout() + ", which sample-level DP otherwise sets to 0)"
                                : " (same architecture, input shape and number of classes needed)"));
            }
        }
        return layout.withValues(weights.values());
    }

    /** Created owner-only before a byte is written, so the weights are never readable by others, not even briefly. */
    private static void writePrivate(Path file, byte[] bytes) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(file, bytes);
    }

    private static byte[] littleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }
}

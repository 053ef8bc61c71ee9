package org.fedmed.study.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.study.export.OnnxGraph.Attribute;
import org.fedmed.study.model.SavedModel;

/**
 * A saved model as an ONNX graph (IR 7, operator set 13): input {@value #INPUT} of shape [N, example
 * shape...], output {@value #PROBABILITIES} [N, classes], the softmax of the logits as FedMed's
 * prediction computes it. The layers are those of {@code ModelFactory} (fedmed-learn), in inference
 * mode (dropout is the identity; BatchNorm uses its running statistics); the weights are read in
 * layout order and each is checked against the layer that takes it.
 *
 * <p>The input is the <em>preprocessed</em> example: the preprocessing the run applied (missing
 * values, standardization, in words in {@link SavedModel#preprocessing()}) is not in the graph, since
 * the saved model keeps it in words only; it is written into the model's doc string and metadata
 * ({@code fedmed.preprocessing}) and into the model card.
 */
public final class OnnxExporter {

    public static final String INPUT = "input";
    public static final String PROBABILITIES = "probabilities";
    /** The operator set of the default ONNX domain the graph uses. */
    public static final long OPSET = OnnxGraph.OPSET;

    private OnnxExporter() {
    }

    /** Why a model of {@code architecture} cannot be exported (one line), or null when it can. */
    public static String refusal(ModelArchitecture architecture) {
        return switch (architecture) {
            case LSTM -> "an lstm model is not exported to ONNX: ONNX's LSTM gate order and state layout differ from DJL's and"
                    + " the conversion is not implemented";
            case ROCKET -> "a rocket model's input is the ROCKET features of a series, a transform drawn with FedMed's own"
                    + " generator that ONNX does not compute: it is not exported to ONNX";
            case COX -> "a cox model gives a risk score, not class probabilities: it is not exported to ONNX";
            default -> null;
        };
    }

    /** The ONNX file's bytes; IllegalArgumentException (one line) for a model type that cannot be exported. */
    public static byte[] export(SavedModel model, String producerVersion) {
        ModelSpec spec = model.spec();
        String refused = refusal(spec.architecture());
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        OnnxGraph g = new OnnxGraph();
        Tensors w = new Tensors(g, model.weights());
        int[] in = spec.inputShape();
        String x = INPUT;
        switch (spec.architecture()) {
            case LOGISTIC_REGRESSION -> x = w.linear(flattenIfNeeded(g, x, in), spec.numClasses());
            case MLP -> {
                x = flattenIfNeeded(g, x, in);
                for (int units : spec.hiddenUnits()) {
                    x = relu(g, w.linear(x, units));
                }
                x = w.linear(x, spec.numClasses());
            }
            case CNN -> x = cnn(g, w, x, spec);
            case RESNET -> x = ResNetGraph.build(g, w, x, spec);
            case CNN1D -> x = cnn1d(g, w, x, spec);
            default -> throw new IllegalStateException("no exporter for " + spec.architecture().id());
        }
        w.requireAllUsed();
        g.namedNode(PROBABILITIES, "Softmax", List.of(x), Attribute.of("axis", 1L));
        String doc = "FedMed " + spec.architecture().id() + " model for " + model.dataset() + " (classes " + model.classes()
                + "). The input must be preprocessed as the training run did: " + model.preprocessing();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("fedmed.dataset", model.dataset());
        meta.put("fedmed.architecture", spec.architecture().id());
        meta.put("fedmed.classes", String.join(",", model.classes()));
        meta.put("fedmed.preprocessing", model.preprocessing());
        if (!model.featureNames().isEmpty()) {
            meta.put("fedmed.feature_names", String.join(",", model.featureNames()));
        }
        return g.toModel(INPUT, in, PROBABILITIES, spec.numClasses(), producerVersion, doc, meta);
    }

    /** Conv3×3(32) → ReLU → MaxPool2 → Conv3×3(64) → ReLU → MaxPool2 → flatten → Linear(128) → ReLU → Linear(k). */
    private static String cnn(OnnxGraph g, Tensors w, String x, ModelSpec spec) {
        int[] s = spec.inputShape();
        int side0 = (s[1] - 2) / 2;
        int side1 = (side0 - 2) / 2;
        int side2 = (s[2] - 2) / 2;
        int side3 = (side2 - 2) / 2;
        x = maxPool(g, relu(g, w.conv(x, 32, s[0], new int[] {3, 3}, 0, 1, true)), 2);
        x = maxPool(g, relu(g, w.conv(x, 64, 32, new int[] {3, 3}, 0, 1, true)), 2);
        x = g.node("Flatten", List.of(x), Attribute.of("axis", 1L));
        x = relu(g, w.linear(x, 128, 64 * side1 * side3));
        return w.linear(x, spec.numClasses());
    }

    /** Conv1d k7(32) → ReLU → MaxPool2 → Conv1d k5(64) → ReLU → MaxPool2 → Conv1d k3(64) → ReLU → flatten → Linear(k). */
    private static String cnn1d(OnnxGraph g, Tensors w, String x, ModelSpec spec) {
        int[] s = spec.inputShape();
        x = maxPool(g, relu(g, w.conv(x, 32, s[0], new int[] {7}, 3, 1, true)), 1);
        x = maxPool(g, relu(g, w.conv(x, 64, 32, new int[] {5}, 2, 1, true)), 1);
        x = relu(g, w.conv(x, 64, 64, new int[] {3}, 1, 1, true));
        x = g.node("Flatten", List.of(x), Attribute.of("axis", 1L));
        return w.linear(x, spec.numClasses(), 64 * (s[1] / 2 / 2));
    }

    private static String flattenIfNeeded(OnnxGraph g, String x, int[] inputShape) {
        return inputShape.length > 1 ? g.node("Flatten", List.of(x), Attribute.of("axis", 1L)) : x;
    }

    static String relu(OnnxGraph g, String x) {
        return g.node("Relu", List.of(x));
    }

    /** A 2 max pooling, stride 2, over {@code dims} spatial dimensions (DJL's pooling blocks: floor, no padding). */
    private static String maxPool(OnnxGraph g, String x, int dims) {
        long[] two = new long[dims == 1 ? 1 : 2];
        Arrays.fill(two, 2);
        return g.node("MaxPool", List.of(x), Attribute.ints("kernel_shape", two), Attribute.ints("strides", two));
    }

    /** The model's tensors in layout order, each checked against the layer that takes it and added as an initializer. */
    static final class Tensors {
        private final OnnxGraph g;
        private final ModelWeights weights;
        private final List<TensorSpec> specs;
        private int next;

        Tensors(OnnxGraph g, ModelWeights weights) {
            this.g = g;
            this.weights = weights;
            this.specs = new ArrayList<>(weights.specs());
        }

        /** The next tensor, which must be a {@code kind} (weight, bias, gamma, ...) of shape {@code shape} (-1: any). */
        String take(String kind, int... shape) {
            if (next >= specs.size()) {
                throw new IllegalArgumentException("the model has " + specs.size() + " tensors, its architecture needs more (a "
                        + kind + " of shape " + Arrays.toString(shape) + ")");
            }
            TensorSpec t = specs.get(next);
            int[] actual = t.shape();
            boolean fits = t.name().endsWith("_" + kind) && actual.length == shape.length;
            for (int i = 0; fits && i < shape.length; i++) {
                fits = shape[i] < 0 || shape[i] == actual[i];
            }
            if (!fits) {
                throw new IllegalArgumentException("tensor " + (next + 1) + " is " + t.name() + Arrays.toString(actual)
                        + " but the architecture needs a " + kind + " of shape " + Arrays.toString(shape));
            }
            next++;
            return g.initializer(t.name(), actual, weights.tensor(t.name()));
        }

        /** Linear(units) as Gemm with the weight [units, in] transposed; {@code in} unchecked. */
        String linear(String x, int units) {
            return linear(x, units, -1);
        }

        String linear(String x, int units, int in) {
            String weight = take("weight", units, in);
            String bias = take("bias", units);
            return g.node("Gemm", List.of(x, weight, bias), Attribute.of("transB", 1L));
        }

        /** A convolution with square kernel {@code kernel}, symmetric padding and stride, with or without bias. */
        String conv(String x, int filters, int inChannels, int[] kernel, int padding, int stride, boolean bias) {
            int[] shape = new int[2 + kernel.length];
            shape[0] = filters;
            shape[1] = inChannels;
            System.arraycopy(kernel, 0, shape, 2, kernel.length);
            List<String> inputs = new ArrayList<>(List.of(x, take("weight", shape)));
            if (bias) {
                inputs.add(take("bias", filters));
            }
            long[] k = Arrays.stream(kernel).asLongStream().toArray();
            long[] pads = new long[2 * kernel.length];
            Arrays.fill(pads, padding);
            long[] strides = new long[kernel.length];
            Arrays.fill(strides, stride);
            return g.node("Conv", inputs, Attribute.ints("kernel_shape", k), Attribute.ints("pads", pads),
                    Attribute.ints("strides", strides));
        }

        void requireAllUsed() {
            if (next != specs.size()) {
                throw new IllegalArgumentException("the model has " + specs.size() + " tensors, its architecture uses " + next
                        + " (first unused: " + specs.get(next).name() + ")");
            }
        }
    }
}

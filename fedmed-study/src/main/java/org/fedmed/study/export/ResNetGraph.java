package org.fedmed.study.export;

import java.util.List;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.study.export.OnnxExporter.Tensors;
import org.fedmed.study.export.OnnxGraph.Attribute;

/**
 * The ResNet of {@code ModelFactory} as ONNX nodes: stem Conv3×3(16) → BatchNorm → ReLU, residual
 * stages of 16, 32 (stride 2) and 64 (stride 2) channels, global average pooling, Linear(k).
 * BatchNorm runs in inference mode on its running statistics with DJL's default ε = 1e-5.
 */
final class ResNetGraph {

    /** Channels of the stem and the three stages, as ModelFactory.RESNET_CHANNELS. */
    private static final int[] CHANNELS = {16, 16, 32, 64};
    private static final float BATCH_NORM_EPSILON = 1e-5f;

    private ResNetGraph() {
    }

    static String build(OnnxGraph g, Tensors w, String x, ModelSpec spec) {
        x = OnnxExporter.relu(g, batchNorm(g, w, w.conv(x, CHANNELS[0], spec.inputShape()[0], new int[] {3, 3}, 1, 1, false),
                CHANNELS[0]));
        int in = CHANNELS[0];
        for (int s = 1; s < CHANNELS.length; s++) {
            x = residual(g, w, x, in, CHANNELS[s], s == 1 ? 1 : 2);
            in = CHANNELS[s];
        }
        x = g.node("GlobalAveragePool", List.of(x));
        x = g.node("Flatten", List.of(x), Attribute.of("axis", 1L));
        return w.linear(x, spec.numClasses(), in);
    }

    /** relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)); the shortcut is the identity or a strided 1×1 conv + BatchNorm. */
    private static String residual(OnnxGraph g, Tensors w, String x, int in, int out, int stride) {
        String main = OnnxExporter.relu(g, batchNorm(g, w, w.conv(x, out, in, new int[] {3, 3}, 1, stride, false), out));
        main = batchNorm(g, w, w.conv(main, out, out, new int[] {3, 3}, 1, 1, false), out);
        String shortcut = x;
        if (stride != 1 || in != out) {
            shortcut = batchNorm(g, w, w.conv(x, out, in, new int[] {1, 1}, 0, stride, false), out);
        }
        return OnnxExporter.relu(g, g.node("Add", List.of(main, shortcut)));
    }

    private static String batchNorm(OnnxGraph g, Tensors w, String x, int channels) {
        String gamma = w.take("gamma", channels);
        String beta = w.take("beta", channels);
        String mean = w.take("runningMean", channels);
        String var = w.take("runningVar", channels);
        return g.node("BatchNormalization", List.of(x, gamma, beta, mean, var), Attribute.of("epsilon", BATCH_NORM_EPSILON));
    }
}

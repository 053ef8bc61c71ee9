package org.fedmed.study.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model being built: float32 initializers, nodes in topological order, one input with a
 * free batch dimension and one output. {@link #toModel} writes the ModelProto.
 *
 * <p>The field numbers and enum values are those of the ONNX IR specification, {@code onnx/onnx.proto}
 * in github.com/onnx/onnx (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto, StringStringEntryProto), and its
 * docs/IR.md. IR version 7 with operator set 13 of the default domain: every operator used here
 * (Gemm, Conv, MaxPool, Relu, Flatten, Softmax, Add, BatchNormalization, GlobalAveragePool) exists there.
 */
final class OnnxGraph {

    static final long IR_VERSION = 7;
    static final long OPSET = 13;
    /** TensorProto.DataType FLOAT. */
    private static final int FLOAT = 1;
    /** AttributeProto.AttributeType values. */
    private static final int ATTR_FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    /** A node attribute: an int, a float or a list of ints. */
    record Attribute(String name, int type, long i, float f, long[] ints) {
        static Attribute of(String name, long value) {
            return new Attribute(name, ATTR_INT, value, 0, null);
        }

        static Attribute of(String name, float value) {
            return new Attribute(name, ATTR_FLOAT, 0, value, null);
        }

        static Attribute ints(String name, long... values) {
            return new Attribute(name, ATTR_INTS, 0, 0, values.clone());
        }

        ProtoMessage proto() {
            ProtoMessage a = new ProtoMessage().string(1, name).int32(20, type);
            if (type == ATTR_INT) {
                a.int64(3, i);
            } else if (type == ATTR_FLOAT) {
                a.float32(2, f);
            } else {
                for (long v : ints) {
                    a.int64(8, v);
                }
            }
            return a;
        }
    }

    private final List<ProtoMessage> nodes = new ArrayList<>();
    private final List<ProtoMessage> initializers = new ArrayList<>();
    private int nextValue;

    /** A constant tensor, stored as little-endian float32 raw data; returns its name. */
    String initializer(String name, int[] shape, float[] values) {
        ProtoMessage t = new ProtoMessage();
        for (int d : shape) {
            t.int64(1, d);
        }
        t.int32(2, FLOAT).string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        t.bytes(9, raw.array());
        initializers.add(t);
        return name;
    }

    /** A node of {@code opType} on {@code inputs}; returns the name of its one output. */
    String node(String opType, List<String> inputs, Attribute... attributes) {
        return namedNode(opType.toLowerCase() + "_" + nextValue++, opType, inputs, attributes);
    }

    /** A node whose output is named {@code output} (the graph's output, say). */
    String namedNode(String output, String opType, List<String> inputs, Attribute... attributes) {
        ProtoMessage n = new ProtoMessage();
        inputs.forEach(i -> n.string(1, i));
        n.string(2, output).string(3, output).string(4, opType);
        for (Attribute a : attributes) {
            n.message(5, a.proto());
        }
        nodes.add(n);
        return output;
    }

    /**
     * The ModelProto: the graph from {@code input} (example shape {@code inputShape} after a batch
     * dimension "N") to {@code output} (shape [N, outputWidth]), with a doc string and metadata.
     */
    byte[] toModel(String input, int[] inputShape, String output, int outputWidth, String producerVersion, String doc,
                   Map<String, String> metadata) {
        ProtoMessage graph = new ProtoMessage();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, "fedmed");
        initializers.forEach(t -> graph.message(5, t));
        graph.string(10, doc);
        graph.message(11, valueInfo(input, inputShape));
        graph.message(12, valueInfo(output, new int[] {outputWidth}));
        ProtoMessage model = new ProtoMessage().int64(1, IR_VERSION).string(2, "fedmed").string(3, producerVersion)
                .string(4, "org.fedmed").int64(5, 1).string(6, doc).message(7, graph);
        model.message(8, new ProtoMessage().string(1, "").int64(2, OPSET));
        metadata.forEach((k, v) -> model.message(14, new ProtoMessage().string(1, k).string(2, v)));
        return model.toByteArray();
    }

    /** A float tensor [N, shape...] with a symbolic batch dimension. */
    private static ProtoMessage valueInfo(String name, int[] exampleShape) {
        ProtoMessage shape = new ProtoMessage().message(1, new ProtoMessage().string(2, "N"));
        for (int d : exampleShape) {
            shape.message(1, new ProtoMessage().int64(1, d));
        }
        ProtoMessage tensorType = new ProtoMessage().int32(1, FLOAT).message(2, shape);
        return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensorType));
    }
}

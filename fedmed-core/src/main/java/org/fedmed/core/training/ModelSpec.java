package org.fedmed.core.training;

import java.util.Arrays;
import java.util.List;

/**
 * What model to build: architecture, input shape of one example, number of classes, for an MLP
 * the hidden layer widths, and the tensors local training leaves alone ({@link FrozenLayers}) and those each site keeps to itself
 * ({@code localLayers}: FedBN's BatchNorm, FedPer's head; see {@code KeptLayers}). Every site and the coordinator build the same spec, so their
 * {@code ModelWeights} layouts agree.
 */
public record ModelSpec(ModelArchitecture architecture, int[] inputShape, int numClasses, List<Integer> hiddenUnits,
                        double dropout, List<String> frozen, List<String> localLayers) {

    /** Every tensor trained and shared. */
    public ModelSpec(ModelArchitecture architecture, int[] inputShape, int numClasses, List<Integer> hiddenUnits, double dropout) {
        this(architecture, inputShape, numClasses, hiddenUnits, dropout, List.of(), List.of());
    }

    /** Every tensor shared. */
    public ModelSpec(ModelArchitecture architecture, int[] inputShape, int numClasses, List<Integer> hiddenUnits, double dropout,
                     List<String> frozen) {
        this(architecture, inputShape, numClasses, hiddenUnits, dropout, frozen, List.of());
    }

    public ModelSpec {
        inputShape = inputShape.clone();
        hiddenUnits = List.copyOf(hiddenUnits);
        frozen = List.copyOf(frozen);
        localLayers = List.copyOf(localLayers);
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if ((architecture == ModelArchitecture.CNN || architecture == ModelArchitecture.RESNET) && inputShape.length != 3) {
            throw new IllegalArgumentException(architecture.id() + " needs image input [channels, height, width], got "
                    + Arrays.toString(inputShape));
        }
        if ((architecture == ModelArchitecture.CNN1D || architecture == ModelArchitecture.LSTM) && inputShape.length != 2) {
            throw new IllegalArgumentException(architecture.id() + " needs signal input [channels, length] (e.g. --dataset ecg200),"
                    + " got " + Arrays.toString(inputShape));
        }
        if (architecture == ModelArchitecture.ROCKET && (inputShape.length != 1 || inputShape[0] % 2 != 0)) {
            throw new IllegalArgumentException("rocket takes its [2·kernels] features (two per kernel), got input shape "
                    + Arrays.toString(inputShape));
        }
    }

    public static ModelSpec of(ModelArchitecture architecture, int[] inputShape, int numClasses) {
        return new ModelSpec(architecture, inputShape, numClasses,
                architecture == ModelArchitecture.MLP ? List.of(64, 32) : List.of(), 0.0);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && architecture == m.architecture && Arrays.equals(inputShape, m.inputShape)
                && numClasses == m.numClasses && hiddenUnits.equals(m.hiddenUnits) && dropout == m.dropout && frozen.equals(m.frozen)
                && localLayers.equals(m.localLayers);
    }

    @Override
    public int hashCode() {
        return (architecture.hashCode() * 31 + Arrays.hashCode(inputShape)) * 31 + numClasses;
    }

    @Override
    public String toString() {
        return architecture.id() + Arrays.toString(inputShape) + "->" + numClasses
                + (hiddenUnits.isEmpty() ? "" : " hidden=" + hiddenUnits) + (dropout > 0 ? " dropout=" + dropout : "")
                + (frozen.isEmpty() ? "" : " frozen=" + frozen) + (localLayers.isEmpty() ? "" : " local=" + localLayers);
    }
}

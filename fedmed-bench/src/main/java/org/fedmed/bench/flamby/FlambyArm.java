package org.fedmed.bench.flamby;

import java.util.Map;
import java.util.TreeMap;

/**
 * One federated strategy of a FLamby benchmark with its local learning rate (plain SGD, as FLamby's
 * strategies train) and its strategy parameters.
 */
public record FlambyArm(String strategy, double localLearningRate, Map<String, Double> params) {

    public FlambyArm {
        params = Map.copyOf(params);
    }

    /** FLamby's FedOpt settings: server learning rate {@code serverLr}, β₁ 0.9, β₂ 0.999, τ 1e-8. */
    static Map<String, Double> fedOpt(double serverLr) {
        return Map.of("eta", serverLr, "beta1", 0.9, "beta2", 0.999, "tau", 1e-8);
    }

    /** How this arm trains, in words, for the table and flamby.json. */
    public String describe() {
        return "local SGD lr " + localLearningRate + (params.isEmpty() ? "" : ", " + new TreeMap<>(params));
    }
}

package org.fedmed.sim.distill;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.FederatedData;
import org.fedmed.study.StudySpec;

/**
 * What a FedDF simulation produced; every model is scored on the same global test set.
 *
 * @param proxyExamples examples the coordinator distilled on (taken from the sites' training data)
 * @param architectures one entry per architecture, in order of first use
 * @param ensemble      the ensemble of the last round's group averages (averaged logits), the distillation's teacher
 * @param rounds        per round, each architecture's accuracy before and after distillation
 */
public record FedDfResult(StudySpec spec, FedDfSpec fedDf, FederatedData data, int proxyExamples,
                          List<Architecture> architectures, EvaluationResult ensemble, List<Round> rounds, double seconds) {

    public FedDfResult {
        architectures = List.copyOf(architectures);
        rounds = List.copyOf(rounds);
    }

    /**
     * One architecture's models.
     *
     * @param sites        the sites that train it
     * @param distilled    its final distilled model (FedDF's output for this architecture)
     * @param groupAverage the last round's FedAvg of its own sites' updates, before distillation
     * @param reference    FedAvg with every site on this architecture, same data and rounds, or null when not run
     */
    public record Architecture(ModelArchitecture architecture, ModelSpec model, List<String> sites, ModelWeights weights,
                               EvaluationResult distilled, EvaluationResult groupAverage, EvaluationResult reference) {

        public Architecture {
            sites = List.copyOf(sites);
        }
    }

    /** Global-test accuracy of each architecture's group average and distilled model after one round, by architecture id. */
    public record Round(int round, Map<String, Double> averageAccuracy, Map<String, Double> distilledAccuracy, double seconds) {

        public Round {
            averageAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(averageAccuracy));
            distilledAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(distilledAccuracy));
        }
    }
}

package org.fedmed.core.strategy;

import org.fedmed.core.optimizer.AdaptiveServerOptimizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.optimizer.AdaptiveServerOptimizer.Hyper;

/** Builds a strategy from its name and numeric parameters, as the command line and run specs give them. */
public final class Strategies {

    public static final List<String> NAMES = List.of("fedavg", "fedavgm", "fedprox", "fedadam", "fedyogi", "fedadagrad");

    private static final Set<String> FEDOPT_PARAMS = Set.of("eta", "beta1", "beta2", "tau");
    /** The parameters each strategy takes; any other name is refused. */
    public static final Map<String, Set<String>> PARAMS = Map.of(
            "fedavg", Set.of(),
            "fedprox", Set.of("mu"),
            "fedavgm", Set.of("server_lr", "server_momentum"),
            "fedadam", FEDOPT_PARAMS,
            "fedyogi", FEDOPT_PARAMS,
            "fedadagrad", FEDOPT_PARAMS);

    private Strategies() {
    }

    /**
     * @param params optional: {@code mu} (FedProx, default 0.01), {@code server_lr} and
     *               {@code server_momentum} (FedAvgM, 1.0 / 0.9), {@code eta}, {@code beta1},
     *               {@code beta2}, {@code tau} (FedOpt family); an unknown name is an error
     */
    public static SamplingStrategy create(String name, StrategyOptions options, Map<String, Double> params) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        checkParams(n, params);
        Hyper d = Hyper.defaults();
        return switch (n) {
            case "fedavg" -> new FedAvg(options);
            case "fedprox" -> new FedProx(options, params.getOrDefault("mu", 0.01));
            case "fedavgm" -> new FedAvgM(options, params.getOrDefault("server_lr", 1.0), params.getOrDefault("server_momentum", 0.9));
            default -> {
                Hyper h = new Hyper(params.getOrDefault("eta", d.eta()), params.getOrDefault("beta1", d.beta1()),
                        params.getOrDefault("beta2", d.beta2()), params.getOrDefault("tau", d.tau()));
                yield switch (n) {
                    case "fedadam" -> new FedAdam(options, h);
                    case "fedyogi" -> new FedYogi(options, h);
                    default -> new FedAdagrad(options, h);
                };
            }
        };
    }

    /** Refuses an unknown strategy, or a parameter the strategy does not take, naming both. */
    public static void checkParams(String strategy, Map<String, Double> params) {
        Set<String> known = PARAMS.get(strategy);
        if (known == null) {
            throw new IllegalArgumentException("unknown strategy '" + strategy + "'; available: " + String.join(", ", NAMES));
        }
        for (String p : params.keySet()) {
            if (!known.contains(p)) {
                throw new IllegalArgumentException("strategy " + strategy + " has no parameter '" + p + "'"
                        + (known.isEmpty() ? "; it takes none" : "; it takes " + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }
}

package org.fedmed.core.strategy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.fedmed.core.optimizer.AdaptiveServerOptimizer.Hyper;

/** Builds a strategy from its name and numeric parameters, as the command line and run specs give them. */
public final class Strategies {

    public static final List<String> NAMES = List.of("fedavg", "fedavgm", "fedprox", "fedadam", "fedyogi", "fedadagrad", "cyclic", "scaffold",
            "fednova");

    private static final List<String> FEDOPT = List.of("eta", "beta1", "beta2", "tau");
    /** Each strategy's parameter names: a name not listed is refused, so a typo is never silently ignored. */
    private static final Map<String, List<String>> PARAMETERS = Map.of(
            "fedavg", List.of(),
            "fedprox", List.of("mu"),
            "fedavgm", List.of("server_lr", "server_momentum"),
            "fedadam", FEDOPT,
            "fedyogi", FEDOPT,
            "fedadagrad", FEDOPT,
            "cyclic", List.of("shuffle"),
            "scaffold", List.of("server_lr"),
            "fednova", List.of("server_lr"));

    private Strategies() {
    }

    /** @throws IllegalArgumentException for a name that is not a strategy */
    public static void checkName(String name) {
        if (!PARAMETERS.containsKey(key(name))) {
            throw new IllegalArgumentException("unknown strategy '" + name + "'; available: " + String.join(", ", NAMES));
        }
    }

    /** The parameter names {@code name} knows. */
    public static List<String> parameters(String name) {
        checkName(name);
        return PARAMETERS.get(key(name));
    }

    /** @throws IllegalArgumentException naming the first parameter {@code name} does not know */
    public static void checkParameters(String name, Map<String, Double> params) {
        List<String> known = parameters(name);
        for (String p : new TreeSet<>(params.keySet())) {
            if (!known.contains(p)) {
                throw new IllegalArgumentException("strategy " + name + " has no parameter '" + p + "' (" + (known.isEmpty()
                        ? "it takes none" : "its parameters: " + String.join(", ", known)) + ")");
            }
        }
    }

    /**
     * @param params optional: {@code mu} (FedProx, default 0.01), {@code server_lr} and
     *               {@code server_momentum} (FedAvgM, 1.0 / 0.9), {@code eta}, {@code beta1},
     *               {@code beta2}, {@code tau} (FedOpt family), {@code server_lr} (SCAFFOLD's and FedNova's
     *               global step, 1.0), {@code shuffle} (Cyclic: 1 reshuffles the
     *               sites each cycle, the default; 0 keeps their order); an unknown name is an error
     */
    public static SamplingStrategy create(String name, StrategyOptions options, Map<String, Double> params) {
        checkParameters(name, params);
        Hyper d = Hyper.defaults();
        return switch (key(name)) {
            case "fedavg" -> new FedAvg(options);
            case "fedprox" -> new FedProx(options, params.getOrDefault("mu", 0.01));
            case "scaffold" -> new Scaffold(options, params.getOrDefault("server_lr", 1.0));
            case "fednova" -> new FedNova(options, params.getOrDefault("server_lr", 1.0));
            case "cyclic" -> new Cyclic(options, Cyclic.shuffleFlag(params.getOrDefault("shuffle", 1.0)));
            case "fedavgm" -> new FedAvgM(options, params.getOrDefault("server_lr", 1.0), params.getOrDefault("server_momentum", 0.9));
            default -> {
                Hyper h = new Hyper(params.getOrDefault("eta", d.eta()), params.getOrDefault("beta1", d.beta1()),
                        params.getOrDefault("beta2", d.beta2()), params.getOrDefault("tau", d.tau()));
                yield switch (key(name)) {
                    case "fedadam" -> new FedAdam(options, h);
                    case "fedyogi" -> new FedYogi(options, h);
                    default -> new FedAdagrad(options, h);
                };
            }
        };
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}

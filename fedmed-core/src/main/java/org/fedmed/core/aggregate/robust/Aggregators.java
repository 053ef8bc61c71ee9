package org.fedmed.core.aggregate.robust;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.aggregate.MeanReducer;
import org.fedmed.core.aggregate.Reducer;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.random.Seeds;

/**
 * The {@code aggregator} setting ({@code --aggregator NAME[:params]}) read into a reducer. Syntax:
 * {@code NAME}, {@code NAME:VALUE} (the rule's first parameter) or {@code NAME:key=value,key=value},
 * e.g. {@code median}, {@code trimmed_mean:0.2}, {@code krum:f=2}, {@code multi_krum:f=2,m=5},
 * {@code bulyan:f=1}, {@code geomed}, {@code centered_clip:tau=1,iters=3},
 * {@code norm_bound:M=1,sigma=0.01}, {@code fltrust:root=100}, {@code screen:cos=0,gain=1}. {@code mean} is the study's weighted mean (FedAvg). A name, a
 * parameter or a value that is wrong is refused when the setting is read; a rule that needs more
 * sites than the study's rounds have is refused by {@link #checkSites} before round 1.
 */
public final class Aggregators {

    public static final String MEAN = "mean";
    public static final List<String> NAMES = List.of(MEAN, "median", "trimmed_mean", "krum", "multi_krum", "bulyan", "geomed",
            "centered_clip", "norm_bound", "fltrust", "screen");

    /** Each rule's parameters, the first one also given bare ({@code trimmed_mean:0.2}); null default: required. */
    private static final Map<String, List<Param>> PARAMETERS = Map.ofEntries(
            Map.entry(MEAN, List.of()),
            Map.entry("median", List.of()),
            Map.entry("trimmed_mean", List.of(new Param("beta", 0.2, false))),
            Map.entry("krum", List.of(new Param("f", null, true))),
            Map.entry("multi_krum", List.of(new Param("f", null, true), new Param("m", null, true))),
            Map.entry("bulyan", List.of(new Param("f", null, true))),
            Map.entry("geomed", List.of(new Param("iters", 10.0, true), new Param("nu", 1e-6, false))),
            Map.entry("centered_clip", List.of(new Param("tau", null, false), new Param("iters", 3.0, true))),
            Map.entry("norm_bound", List.of(new Param("M", null, false), new Param("sigma", 0.0, false), new Param("secure", 0.0, true))),
            Map.entry("fltrust", List.of(new Param("root", 100.0, true))),
            Map.entry("screen", List.of(new Param("cos", 0.0, false), new Param("gain", 0.0, true), new Param("tol", 0.1, false),
                    new Param("decay", 0.8, false),
                    new Param("floor", 0.5, false), new Param("root", 100.0, true))));

    private record Param(String name, Double fallback, boolean whole) {
    }

    private Aggregators() {
    }

    /** Whether {@code spec} is the plain weighted mean (no robust rule). */
    public static boolean isMean(String spec) {
        return spec == null || name(spec).equals(MEAN);
    }

    /**
     * The robust rule {@code spec} names, or empty for {@code mean}.
     *
     * @param seed the run seed, from which norm_bound's noise is drawn unless it asks for secure noise
     * @throws IllegalArgumentException naming the rule and what is wrong
     */
    public static Optional<RobustRule> rule(String spec, long seed) {
        String name = name(spec);
        Map<String, Double> p = params(name, spec);
        return Optional.ofNullable(switch (name) {
            case MEAN -> null;
            case "median" -> new CoordinateMedian();
            case "trimmed_mean" -> new TrimmedMean(p.get("beta"));
            case "krum" -> new Krum(whole(p, "f"), 1);
            case "multi_krum" -> new Krum(whole(p, "f"), whole(p, "m"));
            case "bulyan" -> new Bulyan(whole(p, "f"));
            case "geomed" -> new GeometricMedian(whole(p, "iters"), p.get("nu"));
            case "centered_clip" -> new CenteredClip(p.get("tau"), whole(p, "iters"));
            case "norm_bound" -> new NormBound(p.get("M"), p.get("sigma"), switch (whole(p, "secure")) {
                case 0 -> GaussianNoise.seeded(Seeds.mix(seed, 0x6e6f726dL, 0x626f756eL));
                case 1 -> GaussianNoise.secure();
                default -> throw new IllegalArgumentException("aggregator norm_bound takes secure=0 (noise from the seed) or secure=1 "
                        + "(the JDK's DRBG), got secure=" + p.get("secure"));
            });
            case "fltrust" -> new FlTrust(whole(p, "root"));
            case "screen" -> new RelevanceScreen(p.get("cos"), switch (whole(p, "gain")) {
                case 0 -> false;
                case 1 -> true;
                default -> throw new IllegalArgumentException("aggregator screen takes gain=0 (direction only) or gain=1 (also a lower"
                        + " loss on the coordinator's root data), got gain=" + p.get("gain"));
            }, p.get("tol"), p.get("decay"), p.get("floor"), whole(p, "root"));
            default -> throw new IllegalStateException("no rule for " + name);
        });
    }

    /** The reducer for {@code spec}: the robust rule, or {@code mean(weighting)}. */
    public static Reducer create(String spec, AggregationWeighting weighting, long seed) {
        Optional<RobustRule> r = rule(spec, seed);
        return r.isPresent() ? r.get() : new MeanReducer(weighting);
    }

    /** Refuses {@code spec} if it cannot be read (unknown name, parameter or value). */
    public static void check(String spec) {
        rule(spec, 0L);
    }

    /**
     * Refuses {@code spec} before round 1 when its rule needs more updates than a round has.
     *
     * @param sitesPerRound the sites each round asks for (the study's sites × fraction, at least its minimum)
     */
    public static void checkSites(String spec, int sitesPerRound) {
        rule(spec, 0L).ifPresent(r -> r.checkSites(sitesPerRound));
    }

    private static String name(String spec) {
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        if (!PARAMETERS.containsKey(name)) {
            throw new IllegalArgumentException("unknown aggregator '" + name + "'; known: " + String.join(", ", NAMES));
        }
        return name;
    }

    private static Map<String, Double> params(String name, String spec) {
        List<Param> known = PARAMETERS.get(name);
        Map<String, Double> given = new LinkedHashMap<>();
        int colon = spec.indexOf(':');
        String rest = colon < 0 ? "" : spec.substring(colon + 1).trim();
        if (!rest.isEmpty()) {
            if (known.isEmpty()) {
                throw new IllegalArgumentException("aggregator " + name + " takes no parameters, got '" + rest + "'");
            }
            for (String part : rest.split(",")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? null : part.substring(0, eq).trim();
                String value = (eq < 0 ? part : part.substring(eq + 1)).trim();
                if (key == null) {
                    if (!given.isEmpty()) {
                        throw new IllegalArgumentException("aggregator " + name + ": only the first parameter may be given without"
                                + " its name, got '" + rest + "' (write key=value, e.g. " + example(name) + ")");
                    }
                    key = known.get(0).name();
                }
                String k = key;
                Param p = known.stream().filter(x -> x.name().equalsIgnoreCase(k)).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("aggregator " + name + " has no parameter '" + k + "' (its parameters: "
                                + String.join(", ", known.stream().map(Param::name).toList()) + ")"));
                if (given.put(p.name(), number(name, p, value)) != null) {
                    throw new IllegalArgumentException("aggregator " + name + " has parameter " + p.name() + " twice");
                }
            }
        }
        for (Param p : known) {
            if (!given.containsKey(p.name())) {
                if (p.fallback() == null) {
                    throw new IllegalArgumentException("aggregator " + name + " needs " + p.name() + " (e.g. " + example(name) + ")");
                }
                given.put(p.name(), p.fallback());
            }
        }
        return given;
    }

    private static double number(String name, Param p, String value) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("aggregator " + name + ": " + p.name() + " must be a number, got '" + value + "'", e);
        }
        if (!Double.isFinite(v) || p.whole() && (v != Math.rint(v) || Math.abs(v) > 1e6)) {
            throw new IllegalArgumentException("aggregator " + name + ": " + p.name() + " must be a whole number, got '" + value + "'");
        }
        return v;
    }

    private static int whole(Map<String, Double> p, String key) {
        return (int) Math.rint(p.get(key));
    }

    private static String example(String name) {
        return switch (name) {
            case "trimmed_mean" -> "trimmed_mean:0.2";
            case "krum" -> "krum:f=2";
            case "multi_krum" -> "multi_krum:f=2,m=5";
            case "bulyan" -> "bulyan:f=1";
            case "geomed" -> "geomed:iters=10";
            case "centered_clip" -> "centered_clip:tau=1,iters=3";
            case "norm_bound" -> "norm_bound:M=1,sigma=0.01";
            case "fltrust" -> "fltrust:root=100";
            case "screen" -> "screen:cos=0.1,gain=1";
            default -> name;
        };
    }
}

package org.fedmed.net.node.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedmed.net.approval.CoordinatorIdentity;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.proto.StudyDescription;
import org.fedmed.net.proto.StudyTerm;

/**
 * A hospital's standing rules for the studies its node runs ({@code policy.yaml} in the kit). Every
 * rule applies to every study, approved or not; a study that keeps them all runs without an explicit
 * approval when {@code studies} names it (or when there is no {@code studies} list).
 *
 * <pre>
 * coordinators: [CN=coordinator]      # required: certificate subjects or SHA-256 fingerprints
 * studies: [heart-study, 3f2a...]     # federation names or digests (16+ hex characters) that need no approval
 * models: [logreg, mlp]
 * max_rounds: 50
 * require_dp: true                    # sample-level DP-SGD or client-level DP
 * max_epsilon: 8
 * min_noise_multiplier: 1.0
 * require_secure_aggregation: true
 * explanations: dp                    # any (default), dp (only under sample-level DP, booked here) or none
 * </pre>
 *
 * <p>The node checks each task it runs against the approved description; settings only the
 * coordinator applies (client-level DP noise, the stated ε) are checked as the study declares them.
 */
public record ApprovalPolicy(Path file, List<String> coordinators, List<String> studies, List<String> models, Integer maxRounds,
                             boolean requireDp, Double maxEpsilon, Double minNoiseMultiplier, boolean requireSecureAggregation,
                             String explanations) {

    public static final String FILE = "policy.yaml";
    static final List<String> KEYS = List.of("coordinators", "studies", "models", "max_rounds", "require_dp", "max_epsilon",
            "min_noise_multiplier", "require_secure_aggregation", "explanations");
    /** Values of the {@code explanations} rule. */
    static final List<String> EXPLANATIONS = List.of("any", "dp", "none");

    /** The kit's policy, or empty when it has none; a malformed one is an {@link IllegalArgumentException} naming file and key. */
    public static Optional<ApprovalPolicy> load(Path kitDir) {
        Path file = kitDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Object root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file, StandardCharsets.UTF_8), Object.class);
        } catch (IOException e) {
            String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException(file + ": not valid YAML (" + why + ")", e);
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(file + ": must be a mapping of policy keys: " + String.join(", ", KEYS));
        }
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(file + ": unknown key '" + k + "'; known: " + String.join(", ", KEYS));
            }
        }
        List<String> coordinators = texts(file, m, "coordinators");
        if (coordinators == null || coordinators.isEmpty()) {
            throw new IllegalArgumentException(file + ": key 'coordinators' is required: the certificate subjects or SHA-256"
                    + " fingerprints of the coordinators this node trusts");
        }
        ApprovalPolicy p = new ApprovalPolicy(file, coordinators, texts(file, m, "studies"), texts(file, m, "models"),
                whole(file, m, "max_rounds"), flag(file, m, "require_dp"), number(file, m, "max_epsilon"),
                number(file, m, "min_noise_multiplier"), flag(file, m, "require_secure_aggregation"), explanations(file, m));
        for (String c : coordinators) {
            try {
                CoordinatorIdentity.checkEntry(c);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": key 'coordinators': " + e.getMessage(), e);
            }
        }
        return Optional.of(p);
    }

    /** The first rule {@code d} breaks, as one line naming the rule, or empty. */
    public Optional<String> violation(StudyDigest d) {
        StudyDescription s = d.study();
        if (coordinators.stream().noneMatch(d.coordinator()::matches)) {
            return rule("coordinators", "coordinator " + d.coordinator() + " is not listed");
        }
        if (models != null && !models.contains(s.getModel().getArchitecture())) {
            return rule("models", "model " + s.getModel().getArchitecture() + " is not one of " + models);
        }
        if (maxRounds != null && s.getRounds() > maxRounds) {
            return rule("max_rounds", "the study has " + s.getRounds() + " rounds, at most " + maxRounds + " allowed");
        }
        boolean sampleDp = s.getTraining().hasDpSgd() && !s.getTraining().getDpSgd().getSeededNoise();
        boolean dp = sampleDp || s.getClientDp();
        if (requireDp && !dp) {
            return rule("require_dp", "the study trains without differential privacy (or with seeded noise)");
        }
        if (maxEpsilon != null) {
            Double eps = term(s, "dp_epsilon");
            if (!dp || eps == null || eps > maxEpsilon) {
                return rule("max_epsilon", (dp && eps != null ? "the study's epsilon is " + eps : "the study states no DP epsilon")
                        + ", at most " + maxEpsilon + " allowed");
            }
        }
        if (minNoiseMultiplier != null) {
            Double noise = sampleDp ? Double.valueOf(s.getTraining().getDpSgd().getNoiseMultiplier())
                    : s.getClientDp() ? term(s, "dp_noise") : null;
            if (noise == null || noise < minNoiseMultiplier) {
                return rule("min_noise_multiplier", (noise != null ? "the study's noise multiplier is " + noise
                        : "the study adds no DP noise") + ", at least " + minNoiseMultiplier + " required");
            }
        }
        if (requireSecureAggregation && !s.getSecureAggregation()) {
            return rule("require_secure_aggregation", "the study sends each site's update in the clear");
        }
        if (s.hasExplanation() && explanations.equals("none")) {
            return rule("explanations", "the study explains its final model on this hospital's rows; none allowed");
        }
        if (s.hasExplanation() && explanations.equals("dp") && !s.getExplanation().getRelease().equals("sample")) {
            return rule("explanations", "the study's explanation is released " + (s.getExplanation().getRelease().equals("clear")
                    ? "without noise" : "under client-level DP") + "; only under sample-level DP booked at this node allowed");
        }
        return Optional.empty();
    }

    /** Whether the policy lets {@code d} run without an explicit approval (its rules kept). */
    public boolean approvesWithoutListing(StudyDigest d) {
        return studies == null || studies.stream().anyMatch(e -> e.equals(d.study().getFederation()) || d.matches(e));
    }

    private Optional<String> rule(String key, String why) {
        return Optional.of("study refused by the hospital's " + FILE + " (rule " + key + "): " + why);
    }

    private static Double term(StudyDescription s, String key) {
        for (StudyTerm t : s.getTermsList()) {
            if (t.getKey().equals(key)) {
                try {
                    return Double.parseDouble(t.getValue());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static List<String> texts(Path file, Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be a list, e.g. " + key + ": [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (o == null || o instanceof Map || o instanceof List) {
                throw new IllegalArgumentException(file + ": key '" + key + "' must list plain values, got " + o);
            }
            out.add(String.valueOf(o));
        }
        return List.copyOf(out);
    }

    private static Integer whole(Path file, Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer i) || i < 1) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be a whole number of at least 1, got '" + v + "'");
        }
        return i;
    }

    private static Double number(Path file, Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || !(n.doubleValue() >= 0) || Double.isInfinite(n.doubleValue())) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be a non-negative number, got '" + v + "'");
        }
        return n.doubleValue();
    }

    private static String explanations(Path file, Map<?, ?> m) {
        Object v = m.get("explanations");
        if (v == null) {
            return "any";
        }
        if (!EXPLANATIONS.contains(String.valueOf(v))) {
            throw new IllegalArgumentException(file + ": key 'explanations' must be one of " + String.join(", ", EXPLANATIONS) + ", got '"
                    + v + "'");
        }
        return String.valueOf(v);
    }

    private static boolean flag(Path file, Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be true or false, got '" + v + "'");
        }
        return b;
    }
}

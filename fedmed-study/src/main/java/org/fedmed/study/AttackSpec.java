package org.fedmed.study;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A simulated attack on the federation: which attack, its one parameter, and the share of sites that
 * run it. Only the simulation carries attacks out ({@code org.fedmed.sim.attack}); the names live here
 * so that a study key refuses an unknown attack while the run spec is read, before anything trains.
 *
 * @param name      one of {@link #KNOWN}
 * @param parameter the attack's parameter, or NaN for its default
 * @param malicious share of the sites that are malicious, in (0, 1)
 */
public record AttackSpec(String name, double parameter, double malicious) {

    /** Share of malicious sites when an attack is set and {@code malicious} is not. */
    public static final double DEFAULT_MALICIOUS = 0.2;

    /** Every attack, with what its parameter means (the docs and the refusal message list them). */
    public static final Map<String, String> KNOWN = known();

    private static Map<String, String> known() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("label_flip", "no parameter: train on flipped labels (y -> C-1-y)");
        m.put("sign_flip", "s (default 10): send global - s * (trained - global)");
        m.put("scale", "s (default: number of sites): send global + s * (trained - global), model replacement");
        m.put("gaussian", "sigma (default 1.0): send global + N(0, sigma^2) per coordinate");
        m.put("free_rider", "sigma (default 0): send the global model back, with N(0, sigma^2) noise");
        m.put("alie", "z (default from n and f, Baruch et al. 2019): per coordinate mean - z * std of the group's updates");
        m.put("ipm", "epsilon (default 0.5, Xie et al. 2020): send -epsilon * mean of the group's honest updates");
        m.put("min_max", "gamma_init (default 10, Shejwalkar & Houmansadr 2021): mean - gamma * std of the group's updates, gamma"
                + " the largest keeping its distance to each within their largest pairwise distance");
        m.put("min_sum", "gamma_init (default 10, Shejwalkar & Houmansadr 2021): as min_max, bounding the sum of squared distances");
        m.put("backdoor", "boost (default 1): train on data plus triggered copies labelled class 0, scale the update by boost");
        m.put("random_labels", "no parameter: train on labels drawn uniformly at random (seeded)");
        return Collections.unmodifiableMap(m);
    }

    public AttackSpec {
        name = name.toLowerCase(Locale.ROOT);
        if (!KNOWN.containsKey(name)) {
            throw new IllegalArgumentException(unknown(name));
        }
        if (!(malicious > 0 && malicious < 1)) {
            throw new IllegalArgumentException("malicious must be in (0, 1), got " + malicious);
        }
        if ((name.equals("label_flip") || name.equals("random_labels")) && !Double.isNaN(parameter)) {
            throw new IllegalArgumentException(name + " takes no parameter, got " + parameter);
        }
        if (!Double.isNaN(parameter) && (!Double.isFinite(parameter) || parameter < 0
                || (parameter == 0 && !name.equals("free_rider") && !name.equals("alie")))) {
            throw new IllegalArgumentException(name + "'s parameter must be a positive number, got " + parameter);
        }
    }

    /** {@code NAME[:PARAMETER]} (the study key's text) with the share of malicious sites. */
    public static AttackSpec parse(String text, double malicious) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("an attack is NAME or NAME:PARAMETER, got '" + text + "'");
        }
        double parameter = Double.NaN;
        if (parts.length == 2) {
            try {
                parameter = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the parameter of attack " + parts[0] + " must be a number, got '" + parts[1] + "'", e);
            }
        }
        return new AttackSpec(parts[0], parameter, malicious);
    }

    /** The parameter, or {@code fallback} when the study left it to the default. */
    public double parameterOr(double fallback) {
        return Double.isNaN(parameter) ? fallback : parameter;
    }

    /** The study key's text: {@code NAME} or {@code NAME:PARAMETER}. */
    public String text() {
        return Double.isNaN(parameter) ? name : name + ":" + format(parameter);
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e9 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String unknown(String name) {
        return "unknown attack '" + name + "'; known: " + String.join(", ", KNOWN.keySet());
    }
}

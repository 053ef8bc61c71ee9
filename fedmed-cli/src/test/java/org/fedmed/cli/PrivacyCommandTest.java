package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;

class PrivacyCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static double value(String line, String key) {
        for (String part : line.trim().split(" ")) {
            if (part.startsWith(key + "=")) {
                return Double.parseDouble(part.substring(key.length() + 1));
            }
        }
        throw new AssertionError("no " + key + " in '" + line + "'");
    }

    @Test
    void mnistReferenceEpsilonClassic() {
        // TF Privacy MNIST tutorial: N=60000, batch 256, sigma 1.1, 60 epochs, delta 1e-5 -> eps = 3.01.
        CliRun r = run("privacy", "epsilon", "--sampling-rate", "256/60000", "--noise-multiplier", "1.1",
                "--steps", "14063", "--delta", "1e-5", "--conversion", "classic");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        assertTrue(r.out().matches("epsilon=\\S+ order=\\S+\\R"), r.out());
        double eps = value(r.out(), "epsilon");
        assertEquals(3.01, Math.round(eps * 100) / 100.0, 1e-12, "epsilon " + eps);
        assertEquals(8.8, value(r.out(), "order")); // the finest order of the default grid (dp_accounting's)
        // A decimal rate gives the same answer.
        CliRun decimal = run("privacy", "epsilon", "--sampling-rate", Double.toString(256.0 / 60000),
                "--noise-multiplier", "1.1", "--steps", "14063", "--delta", "1e-5", "--conversion", "classic");
        assertEquals(r.out(), decimal.out());
    }

    @Test
    void defaultConversionIsImproved() {
        CliRun r = run("privacy", "epsilon", "--sampling-rate", "0.01", "--noise-multiplier", "1.0",
                "--steps", "1000", "--delta", "1e-5");
        assertEquals(0, r.code(), r.err());
        double expected = new RdpAccountant().record(0.01, 1.0, 1000).spent(1e-5, Conversion.IMPROVED).epsilon();
        assertEquals(expected, value(r.out(), "epsilon"));
        CliRun classic = run("privacy", "epsilon", "--sampling-rate", "0.01", "--noise-multiplier", "1.0",
                "--steps", "1000", "--delta", "1e-5", "--conversion", "classic");
        assertTrue(value(classic.out(), "epsilon") > expected);
    }

    @Test
    void noiseRoundTrip() {
        CliRun r = run("privacy", "noise", "--sampling-rate", "0.05", "--steps", "200", "--epsilon", "2",
                "--delta", "1e-5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("noise_multiplier=\\S+\\R"), r.out());
        double sigma = value(r.out(), "noise_multiplier");
        CliRun back = run("privacy", "epsilon", "--sampling-rate", "0.05", "--noise-multiplier",
                Double.toString(sigma), "--steps", "200", "--delta", "1e-5");
        double eps = value(back.out(), "epsilon");
        assertTrue(eps <= 2.0, "eps " + eps);
        assertTrue(eps > 1.99, "eps " + eps);
    }

    @Test
    void mnistNoiseBackwardsClassic() {
        CliRun r = run("privacy", "noise", "--sampling-rate", "256/60000", "--steps", "14063", "--epsilon", "3.01",
                "--delta", "1e-5", "--conversion", "classic");
        assertEquals(0, r.code(), r.err());
        assertEquals(1.1, value(r.out(), "noise_multiplier"), 0.01);
    }

    @Test
    void badInputIsOneLineAndExitOne() {
        String[][] cases = {
                {"privacy", "epsilon", "--sampling-rate", "0.01", "--noise-multiplier", "0", "--steps", "10", "--delta", "1e-5"},
                {"privacy", "epsilon", "--sampling-rate", "0.01", "--noise-multiplier", "-1", "--steps", "10", "--delta", "1e-5"},
                {"privacy", "epsilon", "--sampling-rate", "1.5", "--noise-multiplier", "1", "--steps", "10", "--delta", "1e-5"},
                {"privacy", "epsilon", "--sampling-rate", "-0.1", "--noise-multiplier", "1", "--steps", "10", "--delta", "1e-5"},
                {"privacy", "epsilon", "--sampling-rate", "abc", "--noise-multiplier", "1", "--steps", "10", "--delta", "1e-5"},
                {"privacy", "epsilon", "--sampling-rate", "0.01", "--noise-multiplier", "1", "--steps", "-1", "--delta", "1e-5"},
                {"privacy", "epsilon", "--sampling-rate", "0.01", "--noise-multiplier", "1", "--steps", "10", "--delta", "0"},
                {"privacy", "epsilon", "--sampling-rate", "0.01", "--noise-multiplier", "1", "--steps", "10", "--delta", "1"},
                {"privacy", "epsilon", "--sampling-rate", "0.01", "--noise-multiplier", "1", "--steps", "10", "--delta", "1e-5", "--conversion", "fancy"},
                {"privacy", "noise", "--sampling-rate", "0.01", "--steps", "10", "--epsilon", "0", "--delta", "1e-5"},
                {"privacy", "noise", "--sampling-rate", "0.01", "--steps", "10", "--epsilon", "-2", "--delta", "1e-5"},
                // unreachable: with the classic conversion epsilon cannot go below log(1/delta)/(alpha_max - 1)
                {"privacy", "noise", "--sampling-rate", "1", "--steps", "100000", "--epsilon", "1e-6", "--delta", "1e-10", "--conversion", "classic"},
        };
        for (String[] args : cases) {
            CliRun r = run(args);
            String what = String.join(" ", args);
            assertEquals(1, r.code(), what + " -> " + r.err());
            assertEquals("", r.out(), what);
            assertEquals(1, r.err().lines().count(), what + " -> " + r.err());
            assertTrue(r.err().startsWith("fedmed: error: "), what + " -> " + r.err());
        }
    }
}

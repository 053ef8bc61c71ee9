package org.fedmed.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.NoiseCalibration;
import org.fedmed.core.privacy.accounting.PrivacySpent;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedmed privacy}: the RDP accountant of the sampled Gaussian mechanism on the command line,
 * for planning a DP-SGD or DP-FedAvg study before running it, and a sweep that trains one. {@code epsilon}
 * and {@code noise} print one
 * {@code key=value} line on stdout; bad input gives one {@code fedmed: error: ...} line on stderr
 * and exit code 1.
 */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = {"Differential privacy accounting (RDP of the sampled Gaussian mechanism):",
                "  epsilon   the (epsilon, delta) spent by T steps at sampling rate q and noise multiplier sigma",
                "  noise     the least noise multiplier that keeps T steps at rate q within (epsilon, delta)",
                "  sweep     train a study at several noise multipliers: the privacy-accuracy trade-off"},
        subcommands = {PrivacyCommand.Epsilon.class, PrivacyCommand.Noise.class, PrivacySweepCommand.class})
final class PrivacyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "choose a subcommand: `fedmed privacy epsilon` or `fedmed privacy noise`");
    }

    /** Options shared by both subcommands. */
    static class Common {
        @Option(names = "--sampling-rate", required = true, paramLabel = "Q",
                description = "probability that a record (or site) takes part in a step, in [0, 1]; "
                        + "a fraction such as 256/60000 is accepted")
        String samplingRate;

        @Option(names = "--steps", required = true, paramLabel = "T",
                description = "number of steps (DP-SGD iterations or federated rounds), >= 0")
        long steps;

        @Option(names = "--delta", required = true, paramLabel = "D", description = "target delta, in (0, 1)")
        double delta;

        @Option(names = "--conversion", paramLabel = "classic|improved", defaultValue = "improved",
                description = "RDP to (epsilon, delta) conversion: classic (Mironov 2017) or improved "
                        + "(Balle et al. 2020, never larger). Default: ${DEFAULT-VALUE}")
        String conversion;

        double q() {
            return parseRate(samplingRate);
        }

        Conversion conversion() {
            return switch (conversion.toLowerCase(Locale.ROOT)) {
                case "classic" -> Conversion.CLASSIC;
                case "improved" -> Conversion.IMPROVED;
                default -> throw new IllegalArgumentException(
                        "unknown conversion '" + conversion + "' (classic, improved)");
            };
        }

        void checkSteps() {
            if (steps < 0) {
                throw new IllegalArgumentException("--steps must be >= 0, got " + steps);
            }
        }

        void checkDelta() {
            Checks.openUnit("--delta", delta);
        }
    }

    @Command(name = "epsilon", mixinStandardHelpOptions = true,
            description = "Print `epsilon=<value> order=<best RDP order>` for T steps of the sampled Gaussian "
                    + "mechanism (default conversion: improved).")
    static final class Epsilon implements Callable<Integer> {

        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--noise-multiplier", required = true, paramLabel = "S",
                description = "noise standard deviation divided by the clip norm, > 0")
        double sigma;

        @Override
        public Integer call() {
            double q = common.q();
            common.checkSteps();
            common.checkDelta();
            if (!(sigma > 0.0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("--noise-multiplier must be a finite number > 0, got " + sigma);
            }
            PrivacySpent spent = new RdpAccountant().record(q, sigma, common.steps)
                    .spent(common.delta, common.conversion());
            System.out.println("epsilon=" + spent.epsilon() + " order=" + number(spent.order()));
            System.out.flush();
            return 0;
        }
    }

    @Command(name = "noise", mixinStandardHelpOptions = true,
            description = "Print `noise_multiplier=<value>`: the least sigma (to a relative 1e-6, rounded up) "
                    + "for which T steps at rate q stay within (epsilon, delta) (default conversion: improved).")
    static final class Noise implements Callable<Integer> {

        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--epsilon", required = true, paramLabel = "E", description = "target epsilon, > 0")
        double epsilon;

        @Override
        public Integer call() {
            double q = common.q();
            common.checkSteps();
            common.checkDelta();
            if (!(epsilon > 0.0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("--epsilon must be a finite number > 0, got " + epsilon);
            }
            double sigma = NoiseCalibration.noiseMultiplier(q, common.steps, epsilon, common.delta,
                    common.conversion());
            System.out.println("noise_multiplier=" + sigma);
            System.out.flush();
            return 0;
        }
    }

    /** A rate written as a decimal ({@code 0.004}) or a fraction ({@code 256/60000}), checked to be in [0, 1]. */
    static double parseRate(String text) {
        double q;
        try {
            int slash = text.indexOf('/');
            if (slash >= 0) {
                double num = Double.parseDouble(text.substring(0, slash).trim());
                double den = Double.parseDouble(text.substring(slash + 1).trim());
                if (!(den > 0)) {
                    throw new IllegalArgumentException("--sampling-rate denominator must be > 0, got '" + text + "'");
                }
                q = num / den;
            } else {
                q = Double.parseDouble(text.trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sampling-rate must be a number or a fraction a/b, got '" + text + "'");
        }
        if (!(q >= 0.0 && q <= 1.0)) {
            throw new IllegalArgumentException("--sampling-rate must be in [0, 1], got " + text);
        }
        return q;
    }

    /** 9.0 → "9", 1.5 → "1.5". */
    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}

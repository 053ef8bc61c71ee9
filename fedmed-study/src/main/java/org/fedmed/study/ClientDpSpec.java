package org.fedmed.study;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.NoiseCalibration;
import org.fedmed.core.privacy.accounting.SampledGaussianRdp;
import org.fedmed.core.privacy.accounting.SkellamRdp;
import org.fedmed.core.privacy.accounting.NoiseSchedule;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.accounting.SampledGaussianRdp;
import org.fedmed.core.privacy.clientdp.ClientDpBuilder;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.privacy.mechanism.AdaptiveClipping;
import org.fedmed.core.strategy.SamplingStrategy;
import org.fedmed.core.strategy.Strategy;

/**
 * Client-level differential privacy for a simulated study (DP-FedAvg): each site's update is clipped
 * to {@code clipNorm} (or an adaptive norm tracking the {@code targetQuantile} of update norms),
 * Gaussian noise with multiplier {@code noiseMultiplier} is added, and ε at {@code delta} is
 * accounted after every round.
 *
 * @param mode          {@code central} (the coordinator adds the noise) or {@code distributed} (each site adds its share)
 * @param targetQuantile NaN for fixed clipping, else the quantile adaptive clipping tracks (Andrew et al. 2021)
 * @param seededNoise   draw the noise from the run seed, so a research run repeats exactly; such noise is
 *                      predictable and gives no privacy (the report says so). Off: SecureRandom.
 * @param targetEpsilon NaN for none; else the ε the whole study may spend at {@code delta}: the noise
 *                      multiplier is calibrated to it when not given, and a given one that would
 *                      overspend is refused before training
 * @param noiseSchedule σ over rounds, starting from {@code noiseMultiplier}: {@code constant},
 *                      {@code linear:<last>} (to {@code last} at the final round) or
 *                      {@code step:<factor>:<every>} (σ times factor every so many rounds)
 * @param layerNoise    empty, or one noise multiplier per model tensor (per-layer clipping, the clip
 *                      norm split evenly: C_i = C/√L); replaces {@code noiseMultiplier} and the schedule
 */
public record ClientDpSpec(double clipNorm, double noiseMultiplier, String mode, double targetQuantile, double delta,
                           boolean seededNoise, double targetEpsilon, String noiseSchedule, List<Double> layerNoise) {

    /** Constant noise, the same clipping for the whole update. */
    public ClientDpSpec(double clipNorm, double noiseMultiplier, String mode, double targetQuantile, double delta,
                        boolean seededNoise, double targetEpsilon) {
        this(clipNorm, noiseMultiplier, mode, targetQuantile, delta, seededNoise, targetEpsilon, "constant", List.of());
    }

    public ClientDpSpec {
        layerNoise = List.copyOf(layerNoise);
        noiseSchedule = noiseSchedule == null ? "constant" : noiseSchedule;
        if (!layerNoise.isEmpty()) {
            if (!Double.isNaN(noiseMultiplier) || !"constant".equals(noiseSchedule) || !Double.isNaN(targetQuantile)) {
                throw new IllegalArgumentException("per-layer noise multipliers (--dp-layer-noise) replace --dp-noise, a noise "
                        + "schedule and adaptive clipping; give only one of them");
            }
            for (double sigma : layerNoise) {
                if (!(sigma > 0) || !Double.isFinite(sigma)) {
                    throw new IllegalArgumentException("per-layer noise multipliers must be positive numbers, got " + layerNoise);
                }
            }
            noiseMultiplier = SampledGaussianRdp.effectiveNoiseMultiplier(
                    layerNoise.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (!"constant".equals(noiseSchedule) && Double.isNaN(noiseMultiplier)) {
            throw new IllegalArgumentException("a noise schedule starts from --dp-noise; it cannot be calibrated to a target epsilon");
        }
        Checks.positive("DP clip norm", clipNorm);
        if (!Double.isNaN(targetEpsilon)) {
            Checks.positive("DP target epsilon", targetEpsilon);
        }
        boolean calibrate = Double.isNaN(noiseMultiplier) && !Double.isNaN(targetEpsilon);
        if (!calibrate) {
            Checks.positive("DP noise multiplier", noiseMultiplier);
        }
        Checks.openUnit("DP delta", delta);
        if (!Double.isNaN(targetQuantile)) {
            Checks.openUnit("adaptive clipping quantile", targetQuantile);
        }
        mode();
        schedule(noiseSchedule, Double.isNaN(noiseMultiplier) ? 1.0 : noiseMultiplier, 1);
    }

    /** The σ of each round: {@code constant}, {@code linear:<last>} or {@code step:<factor>:<every>} from σ₁ = {@code first}. */
    static NoiseSchedule schedule(String spec, double first, int rounds) {
        String[] p = spec.toLowerCase(Locale.ROOT).split(":");
        try {
            return switch (p[0]) {
                case "constant" -> {
                    require(p.length == 1, spec);
                    yield NoiseSchedule.constant(first);
                }
                case "linear" -> {
                    require(p.length == 2, spec);
                    yield NoiseSchedule.linear(first, Double.parseDouble(p[1]), rounds);
                }
                case "step" -> {
                    require(p.length == 3, spec);
                    yield NoiseSchedule.step(first, Double.parseDouble(p[1]), Integer.parseInt(p[2]));
                }
                default -> throw new IllegalArgumentException("unknown DP noise schedule '" + spec
                        + "' (constant, linear:<last sigma>, step:<factor>:<every rounds>)");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DP noise schedule '" + spec + "': " + e.getMessage(), e);
        }
    }

    private static void require(boolean ok, String spec) {
        if (!ok) {
            throw new IllegalArgumentException("malformed DP noise schedule '" + spec
                    + "' (constant, linear:<last sigma>, step:<factor>:<every rounds>)");
        }
    }

    /**
     * The settings for a study of {@code rounds} rounds that samples a share {@code q} of the sites:
     * σ calibrated to the target ε when none was given; a given σ that would spend more than the
     * target refused with the σ it would need.
     */
    public ClientDpSpec resolve(double q, int rounds) {
        return resolve(q, rounds, false);
    }

    /**
     * As {@link #resolve(double, int)}; with {@code ringNoise} (distributed noise inside a secure sum)
     * every round counts at q = 1 (no amplification: the coordinator sees who took part) and on the
     * integer orders the Skellam bound is stated for.
     */
    public ClientDpSpec resolve(double q, int rounds, boolean ringNoise) {
        if (Double.isNaN(targetEpsilon)) {
            return this;
        }
        double[] orders = ringNoise ? SkellamRdp.integerOrders() : SampledGaussianRdp.defaultOrders();
        if (ringNoise) {
            q = 1.0;
        }
        if (Double.isNaN(noiseMultiplier)) {
            double sigma = NoiseCalibration.noiseMultiplier(orders, new double[orders.length], q, rounds, targetEpsilon, delta,
                    Conversion.IMPROVED);
            return new ClientDpSpec(clipNorm, sigma, mode, targetQuantile, delta, seededNoise, targetEpsilon, noiseSchedule, layerNoise);
        }
        // every round's σ as the strategy will account it (a schedule, or the per-layer effective σ)
        NoiseSchedule sigmas = schedule(noiseSchedule, noiseMultiplier, rounds);
        RdpAccountant acc = new RdpAccountant(orders);
        for (int t = 1; t <= rounds; t++) {
            acc.record(q, sigmas.multiplier(t), 1);
        }
        double spent = acc.spent(delta, Conversion.IMPROVED).epsilon();
        if (spent > targetEpsilon) {
            double needed = NoiseCalibration.noiseMultiplier(orders, new double[orders.length], q, rounds, targetEpsilon, delta,
                    Conversion.IMPROVED);
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "noise multiplier %.4g%s over %d rounds at sampling rate %.3g spends epsilon %.4g at delta %.1e, above the "
                            + "target %.4g; it needs a noise multiplier of at least %.4g (or fewer rounds)",
                    noiseMultiplier, "constant".equals(noiseSchedule) ? "" : " (schedule " + noiseSchedule + ")", rounds, q, spent,
                    delta, targetEpsilon, needed));
        }
        return this;
    }

    public ClientDpStrategy.Mode parsedMode() {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "central" -> ClientDpStrategy.Mode.CENTRAL;
            case "distributed" -> ClientDpStrategy.Mode.DISTRIBUTED;
            default -> throw new IllegalArgumentException("DP mode must be central or distributed, got '" + mode + "'");
        };
    }

    /**
     * Wraps the study's strategy (which must be one of the FedAvg family) in DP-FedAvg.
     *
     * @param expectedSites sites sampled per round (m)
     * @param secureSum     the updates are summed securely (distributed noise then goes into the ring)
     */
    public ClientDpStrategy wrap(Strategy inner, int expectedSites, int rounds, long seed, boolean secureSum) {
        if (!(inner instanceof SamplingStrategy s)) {
            throw new IllegalArgumentException("client-level DP needs a FedAvg-family strategy, got " + inner.name());
        }
        ClientDpBuilder b = ClientDpStrategy.wrap(s).mode(parsedMode()).secureSum(secureSum);
        if (!layerNoise.isEmpty()) {
            // the clip norm split evenly over the tensors, so the whole update still has norm ≤ C
            double[] clips = new double[layerNoise.size()];
            Arrays.fill(clips, clipNorm / Math.sqrt(clips.length));
            b.perLayer(clips, layerNoise.stream().mapToDouble(Double::doubleValue).toArray());
        } else if (Double.isNaN(targetQuantile)) {
            b.noise(schedule(noiseSchedule, noiseMultiplier, rounds));
            b.clipNorm(clipNorm);
        } else {
            b.noise(schedule(noiseSchedule, noiseMultiplier, rounds));
            // Andrew et al. 2021 use η_C = 0.2 and count noise σ_b = m/20; with a handful of hospitals
            // m/20 is below σ/2, where the update noise could not pay for the count's privacy, so σ_b is
            // at least σ (the update noise then grows by 2/√3).
            NoiseSchedule sigmas = schedule(noiseSchedule, noiseMultiplier, rounds);
            double largest = 0;
            for (int t = 1; t <= rounds; t++) {
                largest = Math.max(largest, sigmas.multiplier(t));
            }
            double countNoise = Math.max(expectedSites / 20.0, largest);
            b.adaptiveClipping(new AdaptiveClipping(clipNorm, targetQuantile, 0.2, countNoise));
        }
        if (seededNoise) {
            b.seed(seed);
        }
        return b.build();
    }
}

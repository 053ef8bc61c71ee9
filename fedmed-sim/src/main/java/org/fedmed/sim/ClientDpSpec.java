package org.fedmed.sim;

import java.util.Locale;
import org.fedmed.core.privacy.AdaptiveClipping;
import org.fedmed.core.privacy.ClientDpStrategy;
import org.fedmed.core.privacy.Conversion;
import org.fedmed.core.privacy.NoiseCalibration;
import org.fedmed.core.privacy.RdpAccountant;
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
 */
public record ClientDpSpec(double clipNorm, double noiseMultiplier, String mode, double targetQuantile, double delta,
                           boolean seededNoise, double targetEpsilon) {

    public ClientDpSpec {
        if (!(clipNorm > 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("DP clip norm must be a positive number, got " + clipNorm);
        }
        if (!Double.isNaN(targetEpsilon) && !(targetEpsilon > 0 && Double.isFinite(targetEpsilon))) {
            throw new IllegalArgumentException("DP target epsilon must be a positive number, got " + targetEpsilon);
        }
        boolean calibrate = Double.isNaN(noiseMultiplier) && !Double.isNaN(targetEpsilon);
        if (!calibrate && (!(noiseMultiplier > 0) || !Double.isFinite(noiseMultiplier))) {
            throw new IllegalArgumentException("DP noise multiplier must be a positive number, got " + noiseMultiplier);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("DP delta must be in (0, 1), got " + delta);
        }
        if (!Double.isNaN(targetQuantile) && !(targetQuantile > 0 && targetQuantile < 1)) {
            throw new IllegalArgumentException("adaptive clipping quantile must be in (0, 1), got " + targetQuantile);
        }
        mode();
    }

    /**
     * The settings for a study of {@code rounds} rounds that samples a share {@code q} of the sites:
     * σ calibrated to the target ε when none was given; a given σ that would spend more than the
     * target refused with the σ it would need.
     */
    public ClientDpSpec resolve(double q, int rounds) {
        if (Double.isNaN(targetEpsilon)) {
            return this;
        }
        if (Double.isNaN(noiseMultiplier)) {
            double sigma = NoiseCalibration.noiseMultiplier(q, rounds, targetEpsilon, delta, Conversion.IMPROVED);
            return new ClientDpSpec(clipNorm, sigma, mode, targetQuantile, delta, seededNoise, targetEpsilon);
        }
        double spent = new RdpAccountant().record(q, noiseMultiplier, rounds).spent(delta, Conversion.IMPROVED).epsilon();
        if (spent > targetEpsilon) {
            double needed = NoiseCalibration.noiseMultiplier(q, rounds, targetEpsilon, delta, Conversion.IMPROVED);
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "noise multiplier %.4g over %d rounds at sampling rate %.3g spends epsilon %.4g at delta %.1e, above the "
                            + "target %.4g; it needs a noise multiplier of at least %.4g (or fewer rounds)",
                    noiseMultiplier, rounds, q, spent, delta, targetEpsilon, needed));
        }
        return this;
    }

    ClientDpStrategy.Mode parsedMode() {
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
     */
    ClientDpStrategy wrap(Strategy inner, int expectedSites, long seed) {
        if (!(inner instanceof SamplingStrategy s)) {
            throw new IllegalArgumentException("client-level DP needs a FedAvg-family strategy, got " + inner.name());
        }
        ClientDpStrategy.Builder b = ClientDpStrategy.wrap(s).noiseMultiplier(noiseMultiplier).mode(parsedMode());
        if (Double.isNaN(targetQuantile)) {
            b.clipNorm(clipNorm);
        } else {
            // Andrew et al. 2021 use η_C = 0.2 and count noise σ_b = m/20; with a handful of hospitals
            // m/20 is below σ/2, where the update noise could not pay for the count's privacy, so σ_b is
            // at least σ (the update noise then grows by 2/√3).
            double countNoise = Math.max(expectedSites / 20.0, noiseMultiplier);
            b.adaptiveClipping(new AdaptiveClipping(clipNorm, targetQuantile, 0.2, countNoise));
        }
        if (seededNoise) {
            b.seed(seed);
        }
        return b.build();
    }
}

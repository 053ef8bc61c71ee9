package org.fedmed.sim.audit;

import java.util.List;

/**
 * A gradient-inversion audit: every audited image reconstructed from each setting's update.
 *
 * @param dataset          the bundled dataset
 * @param site             the site whose images were audited
 * @param model            the model the updates came from (the CNN)
 * @param settings         how the audit ran
 * @param noiseMultiplier  σ of the DP-SGD setting
 * @param clipNorm         C of the DP-SGD setting
 * @param studyEpsilon     the ε a site would spend over the whole study at this σ (the study planner's figure)
 * @param delta            the δ of that ε
 * @param learningRate     the SGD step size of the observed local step
 * @param reconstructions  one per image and setting, image by image in the order {@link InversionAudit#SETTINGS}
 * @param seconds          wall time of the audit
 */
public record InversionAuditResult(String dataset, String site, String model, InversionAudit.Settings settings,
                                   double noiseMultiplier, double clipNorm, double studyEpsilon, double delta,
                                   double learningRate, List<Reconstruction> reconstructions, double seconds) {

    public InversionAuditResult {
        reconstructions = List.copyOf(reconstructions);
    }

    /**
     * One reconstruction.
     *
     * @param setting        clear, dp-sgd or secagg-sum
     * @param image          index of the image in the site's training data
     * @param label          its true label
     * @param inferredLabel  the label iDLG read off the update
     * @param psnr           PSNR of the reconstruction against the original (dB)
     * @param ssim           SSIM of the reconstruction against the original
     * @param noisePsnr      PSNR of the attack's starting noise against the original: the floor
     * @param noiseSsim      SSIM of that noise
     * @param otherPsnr      mean PSNR of the other images in the secure sum against the original: what any image
     *                       of the dataset scores (chest X-rays resemble each other), the bar a reconstruction must clear
     *                       to show this image rather than the dataset's look
     * @param otherSsim      mean SSIM of those images
     * @param identified     whether the reconstruction is more like the original (SSIM) than like every one of
     *                       the other images in the secure sum: whether it singles this patient out
     * @param loss           the final matching loss
     * @param original       the original pixels, row-major in [0, 1]
     * @param reconstructed  the reconstruction's pixels
     */
    public record Reconstruction(String setting, int image, int label, int inferredLabel, double psnr, double ssim,
                                 double noisePsnr, double noiseSsim, double otherPsnr, double otherSsim, boolean identified, double loss, float[] original, float[] reconstructed) {
    }

    /** Mean PSNR, SSIM, label accuracy and share of images identified over the images of one setting (NaN: not applicable). */
    public record Summary(String setting, double meanPsnr, double meanSsim, double labelAccuracy, double identified, int images) {
    }

    /**
     * One summary per setting, in {@link InversionAudit#SETTINGS} order, then the two yardsticks:
     * "noise" (the starting noise) and "other-image" (other images of the dataset).
     */
    public List<Summary> summaries() {
        List<Summary> out = new java.util.ArrayList<>();
        for (String s : InversionAudit.SETTINGS) {
            List<Reconstruction> rs = reconstructions.stream().filter(r -> r.setting().equals(s)).toList();
            out.add(new Summary(s, rs.stream().mapToDouble(Reconstruction::psnr).average().orElse(Double.NaN),
                    rs.stream().mapToDouble(Reconstruction::ssim).average().orElse(Double.NaN),
                    rs.stream().filter(r -> r.label() == r.inferredLabel()).count() / (double) rs.size(),
                    rs.stream().filter(Reconstruction::identified).count() / (double) rs.size(), rs.size()));
        }
        List<Reconstruction> clear = reconstructions.stream().filter(r -> r.setting().equals(InversionAudit.CLEAR)).toList();
        out.add(new Summary("noise", clear.stream().mapToDouble(Reconstruction::noisePsnr).average().orElse(Double.NaN),
                clear.stream().mapToDouble(Reconstruction::noiseSsim).average().orElse(Double.NaN), Double.NaN, Double.NaN, clear.size()));
        out.add(new Summary("other-image", clear.stream().mapToDouble(Reconstruction::otherPsnr).average().orElse(Double.NaN),
                clear.stream().mapToDouble(Reconstruction::otherSsim).average().orElse(Double.NaN), Double.NaN, Double.NaN, clear.size()));
        return out;
    }

    /** The summary of {@code setting} (or "noise"). */
    public Summary summary(String setting) {
        return summaries().stream().filter(s -> s.setting().equals(setting)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no setting " + setting));
    }
}

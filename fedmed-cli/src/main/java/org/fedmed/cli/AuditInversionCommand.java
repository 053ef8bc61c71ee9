package org.fedmed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.FederatedData;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.audit.InversionAudit;
import org.fedmed.sim.audit.InversionAuditResult;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedmed audit inversion}: what a curious coordinator can rebuild of a site's training images
 * from its update, in the clear, under DP-SGD and inside a secure sum. Prints one table and writes
 * DIR/inversion.json and one PNG (original | reconstruction) per image and setting.
 */
@Command(name = "inversion", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reconstruct training images from one site's update of the image CNN",
                "(gradient inversion, Geiping et al. 2020) and score them with PSNR and SSIM:",
                "from a clear single-image update, from the same update under DP-SGD, and from",
                "a secure-aggregation sum of K sites' updates. Writes DIR/inversion.json and",
                "DIR/image-<row>-<setting>.png (original | reconstruction). See docs/AUDITS.md."})
final class AuditInversionCommand implements Callable<Integer> {

    @Option(names = "--dataset", paramLabel = "NAME", description = "An image dataset: pneumoniamnist or breastmnist (default: ${DEFAULT-VALUE}).")
    String dataset = "pneumoniamnist";
    @Option(names = "--images", paramLabel = "N", description = "Training images of the first site to reconstruct (default: ${DEFAULT-VALUE}).")
    int images = 4;
    @Option(names = "--steps", paramLabel = "S", description = "Adam steps of the attack per reconstruction (default: ${DEFAULT-VALUE}).")
    int steps = 300;
    @Option(names = "--trials", paramLabel = "T", description = "Attack runs from fresh noise per reconstruction; the best match wins (default: ${DEFAULT-VALUE}).")
    int trials = 2;
    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the data split, the model, the images drawn and the attack (default: ${DEFAULT-VALUE}).")
    long seed = 42;
    @ArgGroup(exclusive = true)
    Noise noise = new Noise();
    @Option(names = "--clip", paramLabel = "C", description = "DP-SGD per-example clip norm (default: ${DEFAULT-VALUE}).")
    double clip = 1.0;
    @Option(names = "--sum-of", paramLabel = "K", description = "Sites in the secure-aggregation sum, the audited one included (default: ${DEFAULT-VALUE}).")
    int sumOf = 10;
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/inversion-<dataset>).")
    Path out;

    /** DP-SGD's noise: a multiplier, or the ε a site may spend over the study (σ then calibrated as the study would). */
    static final class Noise {
        @Option(names = "--noise-multiplier", paramLabel = "X", description = "DP-SGD noise multiplier σ (default 1.0).")
        Double multiplier;
        @Option(names = "--epsilon", paramLabel = "E", description = "Each site's ε over the study (δ = 1e-5); σ is calibrated for it.")
        Double epsilon;
    }

    @Override
    public Integer call() throws Exception {
        if (!DatasetCatalog.names().contains(dataset.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--dataset: unknown dataset '" + dataset + "'; image datasets: pneumoniamnist, breastmnist");
        }
        if (DatasetCatalog.isSurvival(dataset)) {
            throw new IllegalArgumentException("--dataset: '" + dataset + "' is survival data, not images; the inversion audit rebuilds"
                    + " images: pneumoniamnist, breastmnist");
        }
        InversionAudit.Settings settings = new InversionAudit.Settings(images, steps, sumOf, seed, trials);
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = dataset;
        b.seed = seed;
        b.model = "cnn";
        b.baselines = false;
        b.dpLevel = "sample";
        b.dpClip = clip;
        b.dpNoise = noise.multiplier == null && noise.epsilon == null ? Double.valueOf(1.0) : noise.multiplier;
        b.dpEpsilon = noise.epsilon;
        StudySpec spec = b.build();
        Path outDir = out != null ? out : Path.of("runs", "inversion-" + spec.dataset());
        OutputDirectory output = OutputDirectory.prepare(outDir);
        FederatedData data = Simulation.prepareData(spec);
        if (data.featureShape().length != 3) {
            throw new IllegalArgumentException("--dataset " + dataset + " has no images (it is a table): use pneumoniamnist or breastmnist");
        }
        InversionAuditResult r = InversionAudit.run(spec, data, settings, line -> System.out.println("  " + line));

        System.out.printf(Locale.ROOT, "%s, site %s, %d images, %s at the study's initial weights, %d attack steps, best of %d"
                + " trials%n", r.dataset(), r.site(), images, r.model(), steps, trials);
        System.out.printf(Locale.ROOT, "dp-sgd: noise multiplier %.4g, clip %.3g (a site spends epsilon %.3g at delta %.0e over"
                + " the study); secagg-sum: %d sites' updates summed%n", r.noiseMultiplier(), r.clipNorm(), r.studyEpsilon(),
                r.delta(), sumOf);
        System.out.printf(Locale.ROOT, "%-12s %9s %7s %11s %11s%n", "setting", "PSNR dB", "SSIM", "label right", "identified");
        for (InversionAuditResult.Summary s : r.summaries()) {
            System.out.printf(Locale.ROOT, "%-12s %9.2f %7.3f %11s %11s%n", s.setting(), s.meanPsnr(), s.meanSsim(),
                    share(s.labelAccuracy()), share(s.identified()));
        }
        System.out.println("noise: the attack's starting noise; other-image: the other images of the sum, each against the original");
        List<String> pngs = new ArrayList<>();
        for (InversionAuditResult.Reconstruction x : r.reconstructions()) {
            String name = String.format(Locale.ROOT, "image-%d-%s.png", x.image(), x.setting());
            output.write(name, SideBySide.png(x.original(), x.reconstructed(), data.featureShape()[2], data.featureShape()[1]));
            pngs.add(name);
        }
        output.write("inversion.json", json(r, pngs));
        System.out.printf(Locale.ROOT, "audit: %s and %d images, %.1f s%n", outDir.resolve("inversion.json"), pngs.size(), r.seconds());
        return 0;
    }

    private static String share(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String json(InversionAuditResult r, List<String> pngs) throws Exception {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("dataset", r.dataset());
        j.put("site", r.site());
        j.put("model", r.model());
        j.put("weights", "the study's initial global model (round 1)");
        j.put("images", r.settings().images());
        j.put("steps", r.settings().steps());
        j.put("trials", r.settings().trials());
        j.put("seed", r.settings().seed());
        j.put("attack_learning_rate", r.settings().attackRate());
        j.put("tv_weight", r.settings().tvWeight());
        j.put("sum_of", r.settings().sumOf());
        j.put("local_learning_rate", r.learningRate());
        j.put("noise_multiplier", r.noiseMultiplier());
        j.put("clip_norm", r.clipNorm());
        j.put("study_epsilon", r.studyEpsilon());
        j.put("delta", r.delta());
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (InversionAuditResult.Summary s : r.summaries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("setting", s.setting());
            m.put("mean_psnr", s.meanPsnr());
            m.put("mean_ssim", s.meanSsim());
            m.put("label_accuracy", Double.isNaN(s.labelAccuracy()) ? null : s.labelAccuracy());
            m.put("identified", Double.isNaN(s.identified()) ? null : s.identified());
            m.put("images", s.images());
            summaries.add(m);
        }
        j.put("summaries", summaries);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < r.reconstructions().size(); i++) {
            InversionAuditResult.Reconstruction x = r.reconstructions().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("setting", x.setting());
            m.put("image", x.image());
            m.put("label", x.label());
            m.put("inferred_label", x.inferredLabel());
            m.put("psnr", x.psnr());
            m.put("ssim", x.ssim());
            m.put("noise_psnr", x.noisePsnr());
            m.put("noise_ssim", x.noiseSsim());
            m.put("other_psnr", x.otherPsnr());
            m.put("other_ssim", x.otherSsim());
            m.put("identified", x.identified());
            m.put("matching_loss", x.loss());
            m.put("png", pngs.get(i));
            rows.add(m);
        }
        j.put("reconstructions", rows);
        j.put("audit_seconds", r.seconds());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j);
    }
}

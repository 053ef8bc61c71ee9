package org.fedmed.net.trail;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.federation.RoundListener;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.store.RunStore;
import org.fedmed.net.transfer.Weights;

/**
 * A federation's audit chains written without a network: a provisioned federation, the coordinator's
 * chain in an H2 run store and each site's chain in its kit, with the same calls a deployment makes
 * (site joins, each site's release and the coordinator's receipt, round close with privacy and Merkle
 * root, model release). For the benchmark and for tests that tamper with a chain.
 */
public final class SyntheticChain {

    /** Where it was written: the federation root, its coordinator directory, the run store URL and the kits. */
    public record Written(Path root, Path coordinatorDir, String jdbcUrl, List<Path> kits) {
    }

    /** The study's name in the run store. */
    public static final String STUDY = "audit";

    private SyntheticChain() {
    }

    /** Provisions {@code sites} sites (site-1..) in {@code dir}, then writes {@code rounds} rounds. */
    public static Written write(Path dir, int rounds, int sites) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= sites; i++) {
            names.add("site-" + i);
        }
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("audit", names, "localhost", 0, List.of());
        String url = "jdbc:h2:file:" + p.layout().coordinatorDir().resolve("state").resolve("fedmed").toAbsolutePath();
        List<Path> kits = new ArrayList<>();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        try (RunStore store = RunStore.open(url)) {
            store.bindStudy(STUDY, "synthetic audit chain, " + rounds + " rounds", rounds);
            CoordinatorTrail coordinator = CoordinatorTrail.open(store, p.layout());
            coordinator.studyCreated("synthetic " + rounds + " rounds", Map.of("rounds", rounds, "strategy", "fedavg"));
            Map<String, NodeTrail> nodes = new LinkedHashMap<>();
            for (String s : names) {
                NodeKit kit = NodeKit.load(p.layout().kit(s));
                kits.add(kit.dir());
                nodes.put(s, NodeTrail.open(kit, quiet));
                coordinator.siteJoined(s, Pem.readCertificate(kit.certificate()));
            }
            List<PrivacyReport.Round> spent = new ArrayList<>();
            RoundListener close = coordinator.listener("sites(clip(1.0), noise_share) server(mean)",
                    () -> new PrivacyReport(PrivacyReport.SAMPLE, "dp-sgd", 1e-5, Conversion.IMPROVED, spent, Map.of()));
            ModelWeights model = null;
            for (int r = 1; r <= rounds; r++) {
                coordinator.roundStarted(r);
                Map<String, Double> siteEps = new LinkedHashMap<>();
                for (String s : names) {
                    byte[] update = Weights.encode(weights(r * 31 + s.hashCode()));
                    byte[] digest = Weights.sha256(update);
                    double eps = 0.05 * r;
                    nodes.get(s).released(r, "update", digest, eps);
                    nodes.get(s).receipt(r, "update", digest, coordinator.updateReceived(s, r, digest), null);
                    siteEps.put(s, eps);
                }
                for (String s : names) {
                    // each site's evaluation of the round's model, a result with its own receipt
                    byte[] evaluation = Weights.sha256(Weights.encode(weights(r * 17 + s.hashCode())));
                    nodes.get(s).released(r, "evaluation", evaluation, 0.05 * r);
                    nodes.get(s).receipt(r, "evaluation", evaluation, coordinator.resultReceived(s, r, "evaluation", evaluation),
                            null);
                }
                spent.add(new PrivacyReport.Round(r, Double.NaN, 1.1, 1.0, sites, 0.05 * r, siteEps));
                model = weights(r);
                close.roundFinished(new RoundResult(r, model, names, Map.of(), true, 0.5, null, List.of(), 0.1, 0, 0));
            }
            if (model != null) {
                coordinator.modelReleased(rounds, model);
            }
        }
        return new Written(dir.resolve("fed"), p.layout().coordinatorDir(), url, kits);
    }

    private static ModelWeights weights(int seed) {
        float[] v = new float[64];
        for (int i = 0; i < v.length; i++) {
            v[i] = (seed * 7919 + i) % 1000 / 1000f;
        }
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {64})), v);
    }
}

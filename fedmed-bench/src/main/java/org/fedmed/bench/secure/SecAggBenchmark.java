package org.fedmed.bench.secure;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fedmed.bench.Median;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.MaskStream;
import org.fedmed.core.secure.SecureInput;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.secure.SecureRoundResult;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.SecureTransport;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.secagg.SecAggParameters;
import org.fedmed.core.secure.secagg.SecAggPlus;
import org.fedmed.core.secure.secagg.SecAggSettings;
import org.fedmed.core.secure.site.SecureSite;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.core.training.TrainingConfig;

/**
 * {@code fedmed bench secagg --sites N --params P [--dropout F]}: one SecAgg+ round of N in-process
 * sites with P-parameter updates (sites called in turn, so each site's time is its own CPU time on
 * this machine), then the figures: seconds per site and at the coordinator, bytes per site, the
 * error against the clear weighted mean, and two ratios on the last lines — {@code bytes_ratio}
 * (what a site uploads vs a plain float32 update) and {@code mask_ratio} (expanding one site's
 * masks vs the raw AES-CTR keystream of the same length, measured side by side).
 */
public final class SecAggBenchmark {

    private SecAggBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sites = 10;
        int params = 100_000;
        double dropout = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sites" -> sites = Integer.parseInt(args[++i]);
                case "--params" -> params = Integer.parseInt(args[++i]);
                case "--dropout" -> dropout = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("bench secagg: unknown argument '" + args[i]
                        + "' (--sites N --params P [--dropout F])");
            }
        }
        System.out.printf("secagg: %d sites, %d parameters, %s dropping after their masked upload; JVM %s, %d cores%n", sites,
                params, dropout, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        run(Math.min(sites, 10), Math.min(params, 10_000), 0, false); // warm-up: JIT, providers
        run(sites, params, dropout, true);
    }

    private static void run(int n, int params, double dropout, boolean print) throws Exception {
        Random r = new Random(7);
        Map<String, float[]> deltas = new LinkedHashMap<>();
        Map<String, KeyPair> keys = new HashMap<>();
        Map<String, PublicKey> known = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("site-%03d", i + 1);
            float[] d = new float[params];
            for (int j = 0; j < params; j++) {
                d[j] = (float) (r.nextGaussian() * 0.01);
            }
            deltas.put(id, d);
            KeyPair k = ecKey();
            keys.put(id, k);
            known.put(id, k.getPublic());
        }
        IdentityVerifier verifier = IdentityVerifier.knownKeys(known);
        ModelWeights global = ModelWeights.zeros(List.of(new TensorSpec("w", new int[] {params})));
        Map<String, SiteClient> secure = new LinkedHashMap<>();
        for (String id : deltas.keySet()) {
            SiteIdentity identity = new SiteIdentity(id, keys.get(id).getPrivate(), keys.get(id).getPublic().getEncoded());
            secure.put(id, new SecureSite(fixed(id, deltas.get(id)), identity, verifier, new SecureRandom(), null));
        }
        for (SiteClient s : secure.values()) {
            s.fit(new FitInstructions(1, global, TrainingConfig.defaults(), SitePlan.none(), true));
        }
        int vanish = (int) Math.floor(dropout * n + 0.5);
        List<String> vanishing = new ArrayList<>(deltas.keySet()).subList(0, vanish);
        Map<String, Long> siteNanos = new HashMap<>();
        long[] upload = new long[1];
        long[] download = new long[1];
        SecureTransport transport = (step, requests, failures) -> {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (var e : requests.entrySet()) {
                if (vanishing.contains(e.getKey()) && (step.equals("consistency") || step.equals("unmask"))) {
                    failures.put(e.getKey(), "vanished");
                    continue;
                }
                long t = System.nanoTime();
                byte[] reply = secure.get(e.getKey()).secureStep(e.getValue());
                siteNanos.merge(e.getKey(), System.nanoTime() - t, Long::sum);
                download[0] += e.getValue().length;
                upload[0] += reply.length;
                out.put(e.getKey(), reply);
            }
            return out;
        };
        SecAggPlus secagg = new SecAggPlus(new SecAggSettings(Math.max(dropout, 0.1), 0, 0, 1.0, 1e4), verifier, new SecureRandom());
        long start = System.nanoTime();
        SecureRoundResult result;
        try {
            result = secagg.sum(1, List.copyOf(deltas.keySet()), params, SecureInputSpec.WEIGHTED, transport);
        } catch (SecureStepException e) {
            System.out.println("round aborted: " + e.getMessage());
            return;
        }
        long wall = System.nanoTime() - start;
        if (!print) {
            return;
        }
        long siteTotal = siteNanos.values().stream().mapToLong(Long::longValue).sum();
        double maxError = 0;
        float[] sum = result.sum().values();
        for (int j = 0; j < params; j++) {
            double clear = 0;
            for (float[] d : deltas.values()) {
                clear += d[j];
            }
            maxError = Math.max(maxError, Math.abs(clear / n - sum[j])); // equal sample counts: the weighted mean is the mean
        }
        SecAggParameters p = secagg.parameters(n);
        double perSiteUp = upload[0] / (double) n;
        System.out.printf("parameters: %s%n", result.parameters());
        System.out.printf("summed: %d of %d sites, dropouts recovered: %d%n", result.survivors().size(), n, result.dropped().size());
        System.out.printf("max |secure − clear| per parameter: %.3g (quantization step %.3g)%n", maxError, result.input().quantizer().step());
        System.out.printf("site_seconds=%.3f (mean per site, all steps)%n", siteTotal / 1e9 / n);
        System.out.printf("coordinator_seconds=%.3f%n", (wall - siteTotal) / 1e9);
        System.out.printf("bytes_per_site_up=%.0f bytes_per_site_down=%.0f plain_float32_upload=%d%n", perSiteUp, download[0] / (double) n,
                4L * params);
        double maskRatio = maskRatio(params, p.degree() + 1);
        System.out.printf("bytes_ratio=%.3f%n", perSiteUp / (4.0 * params));
        System.out.printf("mask_ratio=%.3f%n", maskRatio);
    }

    /**
     * Median over 7 runs of (adding k+1 masks to a P-vector, as a site does: {@link MaskStream#combineAll})
     * / (the raw AES-256-CTR keystream of the same bytes into a 16 KB buffer, the cipher alone).
     */
    private static double maskRatio(int params, int streams) throws GeneralSecurityException {
        byte[][] seeds = new byte[streams][32];
        SecureRandom rnd = new SecureRandom();
        for (byte[] s : seeds) {
            rnd.nextBytes(s);
        }
        int[] target = new int[params];
        byte[] in = new byte[16 * 1024];
        byte[] out = new byte[16 * 1024 + 16];
        List<Double> ratios = new ArrayList<>();
        for (int rep = 0; rep < 9; rep++) {
            int[] signs = new int[streams];
            java.util.Arrays.fill(signs, 1);
            long t0 = System.nanoTime();
            MaskStream.combineAll(target, java.util.Arrays.asList(seeds), signs, SecureInput.RING);
            long masks = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            long bytes = 4L * params;
            for (byte[] s : seeds) {
                Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(s, "AES"), new IvParameterSpec(new byte[16]));
                for (long done = 0; done < bytes; done += in.length) {
                    c.update(in, 0, (int) Math.min(in.length, bytes - done), out, 0);
                }
            }
            long raw = System.nanoTime() - t1;
            if (rep >= 2) {
                ratios.add(masks / (double) raw);
            }
        }
        return Median.of(ratios);
    }

    private static SiteClient fixed(String id, float[] delta) {
        return new SiteClient() {
            public String siteId() {
                return id;
            }

            public SiteUpdate fit(FitInstructions in) {
                return new SiteUpdate(id, in.round(), in.globalWeights().withValues(delta), 100, Map.of(), true);
            }

            public SiteEvaluation evaluate(EvaluateInstructions in) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}

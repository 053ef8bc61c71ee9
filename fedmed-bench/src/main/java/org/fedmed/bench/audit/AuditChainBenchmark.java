package org.fedmed.bench.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.fedmed.bench.Median;
import org.fedmed.net.trail.SyntheticChain;
import org.fedmed.net.trail.TrailVerification;

/**
 * {@code fedmed bench audit-chain [rounds] [sites] [repetitions]}: writes the audit chains of a
 * synthetic study (default 100 rounds, 5 sites: the coordinator's chain in an H2 run store, each
 * site's chain and receipts in its kit, every entry signed with SHA256withECDSA P-256) and verifies
 * them as {@code fedmed audit verify} does, by default and with {@code --every-signature}, timing each; then the raw sign and verify rates of the
 * JDK's SHA256withECDSA on this machine, for comparison. The first repetition includes JIT warm-up.
 */
public final class AuditChainBenchmark {

    private AuditChainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int sites = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (rounds < 1 || sites < 1 || reps < 1) {
            throw new IllegalArgumentException("need rounds >= 1, sites >= 1, repetitions >= 1");
        }
        System.out.printf(Locale.ROOT, "audit chain: %d rounds, %d sites, %d repetitions; %d cores%n", rounds, sites, reps,
                Runtime.getRuntime().availableProcessors());
        double[] write = new double[reps];
        double[] verify = new double[reps];
        double[] every = new double[reps];
        int entries = 0;
        for (int i = 0; i < reps; i++) {
            Path dir = Files.createTempDirectory("fedmed-bench-audit");
            try {
                long t0 = System.nanoTime();
                SyntheticChain.Written w = SyntheticChain.write(dir, rounds, sites);
                long t1 = System.nanoTime();
                TrailVerification.Report r = TrailVerification.verify(TrailVerification.coordinator(w.coordinatorDir().toString()),
                        w.coordinatorDir().resolve("ca.crt"), w.coordinatorDir().resolve("revoked.crl"), w.kits());
                long t2 = System.nanoTime();
                TrailVerification.Report all = TrailVerification.verify(TrailVerification.coordinator(w.coordinatorDir().toString()),
                        w.coordinatorDir().resolve("ca.crt"), w.coordinatorDir().resolve("revoked.crl"), w.kits(), true);
                long t3 = System.nanoTime();
                if (!r.ok() || !all.ok()) {
                    throw new IllegalStateException("the synthetic chain does not verify: " + r.summary() + " / " + all.summary());
                }
                write[i] = (t1 - t0) / 1e9;
                verify[i] = (t2 - t1) / 1e9;
                every[i] = (t3 - t2) / 1e9;
                entries = r.entries();
                System.out.printf(Locale.ROOT, "  repetition %d: write (provision + %d entries) %.3f s, verify %.3f s (every signature:"
                        + " %.3f s): %s%n", i + 1, r.entries(), write[i], verify[i], every[i], r.summary());
            } finally {
                delete(dir);
            }
        }
        System.out.printf(Locale.ROOT, "write: median %.3f s; verify: median %.3f s; verify --every-signature: median %.3f s"
                + " (%d entries)%n", Median.of(write), Median.of(verify), Median.of(every), entries);
        rawRates(entries);
    }

    /** The JDK's SHA256withECDSA alone, on an entry-sized message: the floor under the chain's figures. */
    private static void rawRates(int signatures) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        byte[] body = "x".repeat(400).getBytes(StandardCharsets.UTF_8);
        int n = 2000;
        byte[] sig = null;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(kp.getPrivate());
            s.update(body);
            sig = s.sign();
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(kp.getPublic());
            s.update(body);
            if (!s.verify(sig)) {
                throw new IllegalStateException("signature did not verify");
            }
        }
        long t2 = System.nanoTime();
        double signRate = n / ((t1 - t0) / 1e9);
        double verifyRate = n / ((t2 - t1) / 1e9);
        System.out.printf(Locale.ROOT, "raw SHA256withECDSA P-256 (JDK, %d each, 400-byte message): sign %.0f/s, verify %.0f/s;"
                + " %d verifications alone: %.3f s%n", n, signRate, verifyRate, signatures, signatures / verifyRate);
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

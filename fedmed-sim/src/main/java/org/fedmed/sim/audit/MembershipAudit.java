package org.fedmed.sim.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.audit.AttackResult;
import org.fedmed.core.privacy.audit.MembershipScores;
import org.fedmed.core.privacy.audit.OfflineLikelihoodRatio;
import org.fedmed.core.privacy.audit.ThresholdAttack;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;
import org.fedmed.core.strategy.LearningRateSchedule;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.Predictions;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.SimulationListener;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpec;

/**
 * What a curious party holding the final global model can tell about who was in the training data.
 * The study is simulated as usual; then members (the sites' training examples) and as many
 * non-members (the global and the sites' test examples, which no model trained on), class for
 * class, are drawn, and
 * two attacks score them: the loss threshold (Yeom et al. 2018) and the offline likelihood-ratio
 * attack (Carlini et al. 2022) with shadow models trained on random halves of all members and
 * non-members. The shadows see the audited examples, as LiRA's shadows do, but only the shadows an
 * example was out of inform its score, so no example's own membership leaks into its statistics.
 */
public final class MembershipAudit {

    /** δ for the bound when the study has no DP (and so no δ of its own). */
    public static final double DEFAULT_DELTA = 1e-5;
    /** Confidence of every ε lower bound. */
    public static final double CONFIDENCE = 0.95;
    /** The false-positive rate TPR is read at, the operating point Carlini et al. argue matters. */
    public static final double LOW_FPR = 0.01;

    private final Function<ModelSpec, LocalTrainer> trainerFactory;

    private MembershipAudit(Function<ModelSpec, LocalTrainer> trainerFactory) {
        this.trainerFactory = trainerFactory;
    }

    /** An audit training (target and shadows) with DJL/PyTorch. */
    public static MembershipAudit withDjl() {
        return new MembershipAudit(spec -> DjlTrainer.builder().model(spec).build());
    }

    /** Trains the study, then audits its final global model with {@code shadows} shadow models (0: loss threshold only). */
    public MembershipAuditResult run(StudySpec spec, FederatedData data, int shadows, SimulationListener listener) {
        return run(spec, data, shadows, 0, listener);
    }

    /**
     * As {@link #run(StudySpec, FederatedData, int, SimulationListener)}, and with {@code canaries} > 0
     * a one-run audit too: that many training examples are left in or taken out by a coin before the
     * study trains, and the final model's guesses on them give a bound valid for this single run.
     */
    public MembershipAuditResult run(StudySpec spec, FederatedData data, int shadows, int canaries, SimulationListener listener) {
        if (shadows < 0 || shadows == 1) {
            throw new IllegalArgumentException("LiRA needs at least 2 shadow models (or 0 to skip it), got " + shadows);
        }
        OneRunCanaries coins = null;
        if (canaries > 0) {
            if (spec.weighting() == AggregationWeighting.VALIDATION_SCORE) {
                // the sites would hold some canaries out for validation: "in" would not mean trained on
                throw new IllegalArgumentException("the one-run audit needs every kept canary trained on; weighting 'validation'"
                        + " holds some out (use weighting: samples)");
            }
            coins = OneRunCanaries.draw(data, canaries, new Random(Seeds.mix(spec.seed(), 0x43616e61L)));
            data = coins.trainedOn();
            int kept = 0;
            for (boolean in : coins.in()) {
                kept += in ? 1 : 0;
            }
            listener.phase(String.format("one-run audit: %d canaries, %d kept in the training data by a coin", canaries, kept));
        }
        SimulationResult sim = Simulation.with(trainerFactory, UnaryOperator.identity()).run(spec, data, listener);
        long start = System.nanoTime();
        Random rng = new Random(Seeds.mix(spec.seed(), 0x4175646974L));
        LabeledSamples members = data.pooledTrain();
        List<LabeledSamples> held = new ArrayList<>();
        held.add(data.globalTest());
        for (SiteData s : data.sites()) {
            held.add(s.test());
        }
        LabeledSamples nonMembers = LabeledSamples.concat(held);
        // the population the shadows sample from: every member, then every non-member
        LabeledSamples population = LabeledSamples.concat(List.of(members, nonMembers));
        // balanced, and with the same classes on both sides: a guess of "member" is right half the time,
        // and a held-out split with another class mix cannot pass for membership signal
        int[][] drawn = sameClassMix(members, nonMembers, rng);
        int m = drawn[0].length;
        int[] auditRows = new int[2 * m];
        for (int i = 0; i < m; i++) {
            auditRows[i] = drawn[0][i];
            auditRows[m + i] = members.size() + drawn[1][i];
        }
        LabeledSamples audit = population.subset(auditRows);
        listener.phase(String.format("membership audit: %d members and %d non-members%s", m, m,
                shadows > 0 ? ", " + shadows + " shadow models on random halves of all " + population.size() + " examples" : ""));

        double delta = sim.privacy() != null ? sim.privacy().delta() : DEFAULT_DELTA;
        double accountant = sim.privacy() != null ? sim.privacy().finalEpsilon() : Double.NaN;
        List<AttackResult> attacks = new ArrayList<>();
        OneRunResult oneRun = null;
        try (LocalTrainer trainer = trainerFactory.apply(sim.model())) {
            if (coins != null) {
                double[] scores = MembershipScores.negatedLoss(trueClassProbability(trainer, sim.federation().finalWeights(),
                        coins.samples()));
                oneRun = coins.audit(scores, delta, CONFIDENCE);
            }
            double[] p = trueClassProbability(trainer, sim.federation().finalWeights(), audit);
            double[] loss = MembershipScores.negatedLoss(p);
            attacks.add(ThresholdAttack.evaluate("loss-threshold", head(loss, m), tail(loss, m), delta, CONFIDENCE, LOW_FPR));
            if (shadows > 0) {
                double[] target = MembershipScores.logitConfidence(p);
                double[][] shadowScores = new double[shadows][];
                boolean[][] in = new boolean[shadows][];
                for (int k = 0; k < shadows; k++) {
                    long t = System.nanoTime();
                    boolean[] half = randomHalf(population.size(), rng);
                    in[k] = new boolean[auditRows.length];
                    for (int i = 0; i < auditRows.length; i++) {
                        in[k][i] = half[auditRows[i]];
                    }
                    ModelWeights w = trainShadow(trainer, spec, shadowDp(sim), population.subset(indices(half)), k);
                    shadowScores[k] = MembershipScores.logitConfidence(trueClassProbability(trainer, w, audit));
                    listener.phase(String.format("shadow model %d/%d trained in %.1f s", k + 1, shadows, (System.nanoTime() - t) / 1e9));
                }
                double[] lira = OfflineLikelihoodRatio.scores(target, shadowScores, in);
                attacks.add(ThresholdAttack.evaluate("lira-offline", head(lira, m), tail(lira, m), delta, CONFIDENCE, LOW_FPR));
            }
        }
        return new MembershipAuditResult(sim, attacks, shadows, accountant, delta, (System.nanoTime() - start) / 1e9, oneRun);
    }

    /**
     * Under sample-level DP the shadows train with DP-SGD too, at the study's clip norm and its
     * largest site noise multiplier: the DP recipes take steps (e.g. learning rate 1.0) that only
     * clipping keeps stable, and the attacker wants the out-distribution of the training it faces.
     * Null (plain training) otherwise.
     */
    private static DpSgd shadowDp(SimulationResult sim) {
        PrivacyReport p = sim.privacy();
        if (p == null || !PrivacyReport.SAMPLE.equals(p.level()) || p.sites().isEmpty() || p.rounds().isEmpty()) {
            return null;
        }
        double sigma = p.sites().values().stream().mapToDouble(PrivacyReport.Site::noiseMultiplier).max().orElseThrow();
        return new DpSgd(p.rounds().get(p.rounds().size() - 1).clipNorm(), sigma, true);
    }

    /**
     * A shadow trains as the attacker would imitate the study: the study's model and recipe (with
     * DP-SGD when {@code dp} is given), for as many epochs as a site trains in
     * the whole study, with the study's learning-rate schedule, from its own initialisation. Halves of
     * the whole population keep a shadow's data close in size to the target's, which matters: a model
     * trained on less data overfits more and would misstate the out-distribution.
     */
    private static ModelWeights trainShadow(LocalTrainer trainer, StudySpec spec, DpSgd dp, LabeledSamples half, int k) {
        if (dp != null && spec.training().balanceClasses()) {
            // the shadows' data are the attacker's own: exact class counts, no noise needed
            dp = dp.withClassWeights(Arrays.stream(half.labelCounts()).asDoubleStream().toArray());
        }
        TrainingConfig base = spec.training().withDpSgd(dp);
        LearningRateSchedule schedule = LearningRateSchedule.parse(spec.schedule(), spec.rounds());
        ModelWeights w = trainer.initialWeights(Seeds.mix(spec.seed(), 0x5368, k));
        for (int round = 1; round <= spec.rounds(); round++) {
            TrainingConfig c = base.withLearningRate(schedule.at(round, base.learningRate())).withProximalMu(0)
                    .withSeed(Seeds.mix(spec.seed(), round, 0x5368 + k));
            w = trainer.fit(w, half, c).weights();
        }
        return w;
    }

    private static double[] trueClassProbability(LocalTrainer trainer, ModelWeights w, LabeledSamples data) {
        Predictions pr = trainer.predict(w, data);
        return MembershipScores.trueClassProbability(pr.probabilities(), pr.numClasses(), data.labels());
    }

    /** Random rows of {@code a} and of {@code b}, as many of each class from both as the scarcer side has. */
    static int[][] sameClassMix(LabeledSamples a, LabeledSamples b, Random rng) {
        int[] orderA = Shuffle.permutation(a.size(), rng);
        int[] orderB = Shuffle.permutation(b.size(), rng);
        List<Integer> fromA = new ArrayList<>();
        List<Integer> fromB = new ArrayList<>();
        for (int c = 0; c < Math.max(a.numClasses(), b.numClasses()); c++) {
            List<Integer> ca = ofClass(a, orderA, c);
            List<Integer> cb = ofClass(b, orderB, c);
            int k = Math.min(ca.size(), cb.size());
            fromA.addAll(ca.subList(0, k));
            fromB.addAll(cb.subList(0, k));
        }
        if (fromA.isEmpty()) {
            throw new IllegalArgumentException("the training and held-out data share no class: nothing to audit");
        }
        return new int[][] {fromA.stream().mapToInt(Integer::intValue).toArray(), fromB.stream().mapToInt(Integer::intValue).toArray()};
    }

    private static List<Integer> ofClass(LabeledSamples data, int[] order, int c) {
        List<Integer> rows = new ArrayList<>();
        for (int i : order) {
            if (data.labels()[i] == c) {
                rows.add(i);
            }
        }
        return rows;
    }

    private static boolean[] randomHalf(int n, Random rng) {
        int[] order = Shuffle.permutation(n, rng);
        boolean[] in = new boolean[n];
        for (int i = 0; i < n / 2; i++) {
            in[order[i]] = true;
        }
        return in;
    }

    private static int[] indices(boolean[] in) {
        int count = 0;
        for (boolean b : in) {
            count += b ? 1 : 0;
        }
        int[] out = new int[count];
        int j = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i]) {
                out[j++] = i;
            }
        }
        return out;
    }

    private static double[] head(double[] a, int m) {
        return Arrays.copyOfRange(a, 0, m);
    }

    private static double[] tail(double[] a, int m) {
        return Arrays.copyOfRange(a, m, a.length);
    }
}

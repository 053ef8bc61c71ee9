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
import org.fedmed.core.privacy.audit.AttackResult;
import org.fedmed.data.FederatedData;
import org.fedmed.sim.Simulation;
import org.fedmed.sim.audit.MembershipAudit;
import org.fedmed.sim.audit.MembershipAuditResult;
import org.fedmed.sim.audit.OneRunResult;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.SurvivalStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedmed audit membership}: simulates the study, then runs membership inference against its
 * final global model and prints what the attacks achieve beside the accountant's ε. An attack that
 * proves more than the accountant allows is a failure (exit 1): the accounting or the training is wrong.
 */
@Command(name = "membership", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the study in simulation, then attack its final model: can a holder of the model tell",
                "the sites' training examples from held-out ones? Prints each attack's advantage, AUC, TPR at 1%% FPR",
                "and a 95%%-confidence empirical epsilon lower bound, and writes DIR/audit.json. Study options as `fedmed simulate`."})
final class AuditMembershipCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Run spec (YAML or JSON); command-line options override it.")
    Path config;
    @Option(names = "--shadows", paramLabel = "K", description = "Shadow models for the likelihood-ratio attack; 0 skips it (default: ${DEFAULT-VALUE}).")
    int shadows = 4;
    @Option(names = "--canaries", paramLabel = "M", description = {"Also run a one-run audit (Steinke et al. 2023): M training examples",
            "kept or removed by a coin before training; 0 skips it (default: ${DEFAULT-VALUE})."})
    int canaries;
    // every study key is an option too, added from StudyKeys by StudyOptions
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/audit-<dataset>).")
    Path out;
    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        StudySpecBuilder b = config == null ? new StudySpecBuilder() : RunSpecFile.read(config);
        StudyOptions.apply(command, b);
        if (b.baselines == null) {
            b.baselines = false; // the audit attacks the federated model only
        }
        StudySpec spec = b.build();
        SurvivalStudy.refuseSurvival("fedmed audit membership", "class probabilities", spec);
        if (spec.ownData() != null) {
            throw new IllegalArgumentException("the membership audit runs on the bundled datasets, not a study's own files");
        }
        Path outDir = out != null ? out : Path.of("runs", "audit-" + spec.dataset());
        OutputDirectory output = OutputDirectory.prepare(outDir);
        FederatedData data = Simulation.prepareData(spec);
        ProgressPrinter progress = new ProgressPrinter(System.out, spec.rounds());
        MembershipAuditResult r = MembershipAudit.withDjl().run(spec, data, shadows, canaries, progress);

        System.out.printf(Locale.ROOT, "final global model: accuracy %.4f on the global test set%n",
                r.simulation().federated().metrics().accuracy());
        String accountant = r.isPrivate() ? String.format(Locale.ROOT, "accountant epsilon %.3f", r.accountantEpsilon()) : "no DP";
        for (AttackResult a : r.attacks()) {
            System.out.printf(Locale.ROOT, "%-15s advantage %.4f  auc %.4f  tpr@%.0f%%fpr %.4f  eps_lb %.3f at delta %.0e  (%s; %d members, %d non-members)%n",
                    a.attack(), a.advantage(), a.auc(), 100 * a.lowFpr(), a.tprAtLowFpr(), a.epsilonLowerBound(), a.delta(),
                    accountant, a.members(), a.nonMembers());
        }
        OneRunResult one = r.oneRun();
        if (one != null) {
            System.out.printf(Locale.ROOT, "%-15s %d of %d guesses right on %d canaries (%d kept)  eps_lb %.3f at delta %.0e  (%s)%n",
                    "one-run", one.correct(), one.guesses(), one.canaries(), one.included(), one.epsilonLowerBound(), r.delta(),
                    accountant);
        }
        output.write("audit.json", json(r));
        System.out.println("audit: " + outDir.resolve("audit.json"));
        if (r.contradictsAccountant()) {
            command.commandLine().getErr().printf(Locale.ROOT, "fedmed: error: an attack proved epsilon >= %.3f, above the accountant's %.3f:"
                    + " the privacy accounting or the DP training is wrong%n", r.maxEpsilonLowerBound(), r.accountantEpsilon());
            return 1;
        }
        return 0;
    }

    static String json(MembershipAuditResult r) throws Exception {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("dataset", r.simulation().spec().dataset());
        j.put("sites", r.simulation().spec().sites());
        j.put("rounds", r.simulation().spec().rounds());
        j.put("model", r.simulation().model().toString());
        j.put("seed", r.simulation().spec().seed());
        j.put("accuracy", r.simulation().federated().metrics().accuracy());
        j.put("dp", r.isPrivate() ? r.simulation().privacy().level() : "none");
        j.put("accountant_epsilon", r.isPrivate() ? r.accountantEpsilon() : null);
        j.put("delta", r.delta());
        j.put("shadows", r.shadows());
        List<Map<String, Object>> attacks = new ArrayList<>();
        for (AttackResult a : r.attacks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("attack", a.attack());
            m.put("members", a.members());
            m.put("non_members", a.nonMembers());
            m.put("advantage", a.advantage());
            m.put("auc", a.auc());
            m.put("tpr", a.tpr());
            m.put("fpr", a.fpr());
            m.put("low_fpr", a.lowFpr());
            m.put("tpr_at_low_fpr", a.tprAtLowFpr());
            m.put("epsilon_lower_bound", a.epsilonLowerBound());
            m.put("confidence", a.confidence());
            attacks.add(m);
        }
        j.put("attacks", attacks);
        OneRunResult one = r.oneRun();
        if (one != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("canaries", one.canaries());
            m.put("included", one.included());
            m.put("guesses", one.guesses());
            m.put("correct", one.correct());
            m.put("epsilon_lower_bound", one.epsilonLowerBound());
            m.put("confidence", one.confidence());
            j.put("one_run", m);
        }
        j.put("max_epsilon_lower_bound", r.maxEpsilonLowerBound());
        j.put("contradicts_accountant", r.contradictsAccountant());
        j.put("audit_seconds", r.seconds());
        j.put("training_seconds", r.simulation().seconds());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j);
    }
}

package org.fedmed.cli.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fedmed.cli.report.ModelCardWriter;
import org.fedmed.cli.report.OwnDataReport;
import org.fedmed.cli.report.OwnDataReportHtml;
import org.fedmed.cli.report.ReportHtml;
import org.fedmed.cli.report.ReportJson;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorCheck;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.store.RunStore;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.model.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fedmed coordinator}: serves a provisioned federation and runs its rounds. */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = {"Run a federation's coordinator: nodes connect over gRPC with mutual TLS, the study's strategy runs",
                "the same round loop as a simulation, every completed round is committed to the run store, and a",
                "restarted coordinator resumes after the last completed round. Writes report.json / report.html.",
                "A study with study.data trains on each hospital's own CSV file: before round 1 the nodes send",
                "per-column aggregates of their training records, the coordinator fits the preprocessing on their",
                "merge and sends it with the model; evaluation is then federated (each site's own test split)."})
public final class CoordinatorCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "federation.yaml (see docs/DEPLOYMENT.md).")
    Path config;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Run store, e.g. jdbc:postgresql://host/fedmed?user=..&password=.. (default: H2 file in the coordinator's state dir).")
    String db;

    @Option(names = "--check", description = "Dry run: check the provisioning (certificate dates, key permissions, sites), the"
            + " study, the run store and the listen address, one line each; serves nothing. Exit code 0 when every check passed.")
    boolean check;

    @Option(names = "--no-onnx", description = "Do not export the final model to OUT/model.onnx (the model card is written anyway).")
    boolean noOnnx;

    @Option(names = "--dashboard", paramLabel = "PORT",
            description = "Serve the web dashboard over HTTPS on PORT (or HOST:PORT; default host: the listen address), with the"
                    + " coordinator's certificate; log in with `fedmed provision dashboard-token` or an admin certificate"
                    + " (`fedmed provision admin`). Same as the dashboard: key of federation.yaml.")
    String dashboard;

    @Mixin
    ServiceLog log = new ServiceLog();

    @Override
    public Integer call() throws Exception {
        PrintStream console = log.console();
        CoordinatorConfig cfg = CoordinatorConfig.load(config);
        if (dashboard != null) {
            cfg = cfg.withDashboard(dashboard);
        }
        if (check) {
            return CoordinatorCheck.run(cfg, db, console);
        }
        Coordinator coordinator = new Coordinator(cfg, db, console);
        // SIGTERM (systemctl stop, kill): say where the study stands; every completed round is already committed,
        // the round in progress is abandoned and runs again after a restart
        AtomicBoolean finished = new AtomicBoolean();
        Thread onSignal = new Thread(() -> {
            if (!finished.get()) {
                console.println("coordinator stopping on a signal: " + coordinator.roundsCompleted() + " round(s) completed by this"
                        + " process are in the run store; the round in progress is abandoned; start it again with the same"
                        + " configuration to resume");
            }
        }, "fedmed-coordinator-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        Coordinator.Outcome o;
        try {
            o = coordinator.run();
        } finally {
            finished.set(true);
        }
        writeReports(cfg, db, coordinator, o, console, !noOnnx);
        return 0;
    }

    /**
     * Writes report.json, report.html, the model and its card of a finished run into the run folder ({@code out}); nothing
     * without rounds.
     *
     * @param onnx whether to export the final model to model.onnx too
     */
    public static void writeReports(CoordinatorConfig cfg, String db, Coordinator coordinator, Coordinator.Outcome o, PrintStream console,
                                    boolean onnx) {
        if (o.federation().rounds().isEmpty()) {
            return;
        }
        if (o.preprocessing() != null) {
            // an own-data study: no global test set, no demo data behind the report
            String json = withEarlierRounds(cfg, db, o, OwnDataReport.json(cfg, o, coordinator));
            write(cfg, json, OwnDataReportHtml.render(cfg, o, coordinator.privacyReport(), coordinator.explanations(),
                    coordinator.contributionValues()), console);
            ModelCardWriter.write(cfg.out(), json, null, cfg.study(), false).forEach(console::println);
            return;
        }
        RoundResult last = o.federation().lastRound();
        Map<String, EvaluationResult> perSite = new LinkedHashMap<>();
        for (SiteEvaluation e : last.siteEvaluations()) {
            perSite.put(e.siteId(), e.result());
        }
        // the rounds this process ran, without baselines; report.json adds those of an earlier process from the run store
        SimulationResult r = new SimulationResult(cfg.study(), o.strategy(), o.aggregation(), o.model(), o.data(), o.federation(),
                last.globalEvaluation(), null, Map.of(), Map.of(), perSite, o.seconds(), coordinator.privacyReport(), null, null, null,
                coordinator.personalModels(), Map.of(), null, coordinator.contributionValues(), coordinator.explanations());
        String json = withEarlierRounds(cfg, db, o, ReportJson.render(r));
        write(cfg, json, ReportHtml.render(r), console);
        Path model = cfg.out().resolve("model");
        SavedModel saved = SavedModel.of(r.model(), r.data(), r.spec().dataset(), o.federation().finalWeights());
        saved.write(model);
        console.println("model: " + model + " (start a later study from it with init_from)");
        ModelCardWriter.write(cfg.out(), json, saved, cfg.study(), onnx).forEach(console::println);
    }

    /** A resumed study's report.json also lists the rounds an earlier process committed to the run store. */
    private static String withEarlierRounds(CoordinatorConfig cfg, String db, Coordinator.Outcome o, String json) {
        if (o.firstRound() <= 1) {
            return json;
        }
        try (RunStore store = RunStore.open(cfg.jdbcUrl(db))) {
            if (!store.useStudy(cfg.studyName())) {
                return json;
            }
            return StoredRounds.prepend(json, store.rounds(), o.firstRound());
        }
    }

    private static void write(CoordinatorConfig cfg, String json, String html, PrintStream console) {
        try {
            Files.createDirectories(cfg.out());
            Files.writeString(cfg.out().resolve("report.json"), json);
            Files.writeString(cfg.out().resolve("report.html"), html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + cfg.out() + ": " + e.getMessage(), e);
        }
        console.println("report: " + cfg.out().resolve("report.json") + " and " + cfg.out().resolve("report.html"));
    }
}

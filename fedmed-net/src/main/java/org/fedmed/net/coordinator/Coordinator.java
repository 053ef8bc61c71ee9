package org.fedmed.net.coordinator;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.fedmed.core.contribution.ContributionRecorder;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.federation.GlobalEvaluator;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.secure.SecureAggregation;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.strategy.StatefulStrategy;
import org.fedmed.core.strategy.Strategy;
import org.fedmed.core.trail.AuditTrail;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.units.ByteSize;
import org.fedmed.data.FederatedData;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.net.GrpcLogging;
import org.fedmed.net.dashboard.DashboardServer;
import org.fedmed.net.dashboard.DashboardSource;
import org.fedmed.net.dashboard.RoundFeed;
import org.fedmed.net.dashboard.StudySettings;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.net.proto.StudyDescription;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.PaillierProvisioning;
import org.fedmed.net.store.RunStore;
import org.fedmed.net.tls.CertificateIdentity;
import org.fedmed.net.trail.CoordinatorTrail;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.ContributionValues;
import org.fedmed.study.DataSplit;
import org.fedmed.study.StudyAssembly;
import org.fedmed.study.StudyRuntime;
import org.fedmed.study.StudySpec;
import org.fedmed.study.explain.Explanations;
import org.fedmed.study.explain.StudyExplainer;
import org.fedmed.study.prep.OwnDataStudy;
import org.fedmed.study.prep.PreprocessingFit;

/**
 * A deployed coordinator: runs the core {@link Federation} loop with the study's {@link Strategy}
 * over {@link RemoteSite} proxies, one per provisioned site, and commits every completed round with
 * the new global model to the {@link RunStore}. Started again after a crash it resumes from the last
 * completed round.
 *
 * <p>Demo data path ({@code study.dataset}): the coordinator evaluates the global model on the
 * study's global held-out test set, which it prepares with {@link StudyAssembly#bundledData} exactly as
 * a simulation does (the same dataset, partition and seed give the same split). The model's input
 * shape and classes come from that data too.
 *
 * <p>Own-data path ({@code study.data}): the coordinator sees no records. Before round 1 it runs
 * the {@link PreprocessingStep} (aggregate statistics from every site, merged and fitted), builds
 * the model for the columns kept, stores both with the initial model, and sends them to the sites;
 * evaluation is federated (each site on its own test split, pooled by {@link PooledEvaluation}).
 */
public final class Coordinator {


    /**
     * What a coordinator run produced.
     *
     * @param data          the demo data (null in an own-data study)
     * @param preprocessing the own-data study's fitted preprocessing and its sites (null for demo data)
     */
    public record Outcome(FederationResult federation, int firstRound, FederatedData data, ModelSpec model, String strategy,
                          String aggregation,
                          long wireBytesToSites, long wireBytesFromSites, double seconds, PreprocessingFit preprocessing) {
    }

    private final CoordinatorConfig config;
    private final String jdbcUrl;
    private final PrintStream progress;
    private volatile CoordinatorServer server;
    private volatile SitePrivacyCollector privacy;
    private volatile ClientDpStrategy clientDp;
    private volatile SecureAggregation secure; // the study's secure aggregation, or null: updates arrive in the clear
    private volatile CoordinatorTrail trail; // the audit chain in the run store, once it is open
    private volatile ContributionValues contribution; // a study's contribution values, once its rounds are done
    private volatile Explanations explanations; // the final model's explanations (study key explain), once they are in
    private volatile Map<String, EvaluationResult> personal = Map.of(); // each site's personal model on its own test split

    private final AtomicInteger roundsDone = new AtomicInteger(); // rounds this process completed (for the monitor)
    private final RoundFeed feed = new RoundFeed(); // the rounds this process completed, for the dashboard's plots
    private volatile String aggregation; // the strategy's stages written out, once assembled
    private volatile Supplier<String> auditStatus = this::auditLine;

    public Coordinator(CoordinatorConfig config, String jdbcUrl, PrintStream progress) {
        this.config = config;
        this.jdbcUrl = config.jdbcUrl(jdbcUrl);
        this.progress = progress;
    }

    /** The study's contribution values (a study with {@code contribution}), once its rounds are done; else null. */
    public ContributionValues contributionValues() {
        return contribution;
    }

    /** Each site's personal model on its own test split (a study with {@code finetune_epochs}), by site; empty otherwise. */
    public Map<String, EvaluationResult> personalModels() {
        return personal;
    }

    /** The final model's explanations (a study with {@code explain}), once its rounds are done; else null. */
    public Explanations explanations() {
        return explanations;
    }

    /** Rounds this process has completed and committed so far. */
    public int roundsCompleted() {
        return roundsDone.get();
    }

    /** The audit chain's status (entries, newest round, last verification), or null before the run store is open. */
    public AuditTrail.Status auditStatus() {
        CoordinatorTrail t = trail;
        return t == null ? null : t.status();
    }

    /**
     * The study's privacy: client level as the coordinator accounted it (all rounds, also those before
     * a restart), sample level as the sites reported it during this run; null without DP.
     */
    public PrivacyReport privacyReport() {
        if (clientDp != null) {
            return clientDp.report(config.study().clientDp().delta(), Conversion.IMPROVED);
        }
        SitePrivacyCollector p = privacy;
        return p == null ? null : p.report(config.study().sampleDp().delta());
    }

    /** The running server (for tests), or null before {@link #run()} started it listening and after it stopped. */
    public CoordinatorServer server() {
        return server;
    }

    /** The audit chain in one line, as the dashboard shows it. */
    private String auditLine() {
        AuditTrail.Status s = auditStatus();
        if (s == null) {
            return "audit trail: opens with the run store when the study starts";
        }
        return "audit trail: " + s.entries() + " signed, hash-linked entries in the run store, newest round " + s.lastRound()
                + (s.lastEntry() == null ? "" : " (" + s.lastEntry() + ")")
                + (s.lastVerification() == null ? "; check it with fedmed audit verify" : "; " + s.lastVerification());
    }

    /** What the dashboard says about the audit trail (by default, the chain's status line). */
    public void auditStatus(Supplier<String> status) {
        this.auditStatus = status;
    }

    /** What the dashboard shows of this coordinator, read live. */
    public DashboardSource dashboardSource() {
        return new DashboardSource(config.federation(), new FederationLayout(config.provisioning()), config.out(), config.rounds(),
                roundsDone::get, () -> {
                    CoordinatorServer srv = server;
                    return srv == null ? Set.of() : srv.sites().stream().filter(RemoteSite::isConnected).map(RemoteSite::siteId)
                            .collect(Collectors.toSet());
                }, feed, this::privacyReport, StudySettings.epsilonBudget(config.study()), () -> StudySettings.of(config.study()),
                () -> aggregation, () -> auditStatus.get());
    }

    public Outcome run() throws InterruptedException {
        GrpcLogging.quiet();
        try (MonitorServer m = config.monitor() == null ? null : MonitorServer.start(config.monitor().host(), config.monitor().port(),
                new MonitorServer.Source(this::server, roundsDone, config.rounds(), this::privacyReport));
             DashboardServer d = config.dashboard() == null ? null
                     : DashboardServer.start(config.dashboard().host(), config.dashboard().port(), dashboardSource(), progress::println)) {
            if (m != null) {
                progress.printf(Locale.ROOT, "monitoring on http://%s:%d (/healthz, /readyz, /metrics)%n", config.monitor().host(), m.port());
            }
            if (d != null) {
                progress.printf(Locale.ROOT, "dashboard on https://%s:%d/ (log in with the dashboard token or an admin certificate)%n",
                        config.dashboard().host(), d.port());
            }
            return runStudy();
        }
    }

    private Outcome runStudy() throws InterruptedException {
        long start = System.nanoTime();
        StudySpec spec = config.study();
        StudyRuntime.DEPLOYMENT.checkSupported(spec);
        FederationLayout layout = new FederationLayout(config.provisioning());
        StudyAssembly study = StudyAssembly.assemble(spec, StudyRuntime.DEPLOYMENT, training(spec), SiteOrder.of(layout, List.of()),
                progress::println);
        clientDp = study.clientDp();
        // the sites' signing credentials are their provisioned certificates, checked against the federation CA
        IdentityVerifier sitesCa = CertificateIdentity.fromCaFile(layout.coordinatorCaCert());
        if (spec.secure() != null && spec.secure().protection().equals("paillier")) {
            // the coordinator holds only the public key the provisioning dealer left it
            PaillierProvisioning.CoordinatorKey key = PaillierProvisioning.coordinatorKey(layout);
            secure = study.paillierAggregation(sitesCa, key.publicKey(), key.threshold(), key.holders());
        } else {
            secure = study.secureAggregation(sitesCa);
        }
        Strategy strategy = study.strategy();
        aggregation = strategy.aggregation();
        progress.println("aggregation: " + strategy.aggregation());
        if (config.ownData() != null) {
            try (RunStore store = RunStore.open(jdbcUrl)) {
                store.bindStudy(config.studyName(), config.fingerprint(), config.rounds());
                openTrail(store, layout, strategy);
                return runOwnData(study, layout, store, start);
            }
        }
        FederatedData data = StudyAssembly.bundledData(spec);
        LabeledSamples globalTest = data.globalTest();
        ModelSpec model = study.model(globalTest.featureShape(), globalTest.numClasses());
        ExplanationStep.check(spec, model);

        try (DjlTrainer trainer = DjlTrainer.builder().model(model).build(); RunStore store = RunStore.open(jdbcUrl)) {
            store.bindStudy(config.studyName(), config.fingerprint(), config.rounds());
            openTrail(store, layout, strategy);
            ModelWeights initial;
            int first;
            var cp = store.lastCheckpoint();
            if (cp.isEmpty()) {
                initial = study.initialWeights(trainer);
                study.checkModel(model, initial);
                store.saveInitial(initial);
                first = 1;
            } else {
                initial = cp.get().weights();
                first = resumeFrom(cp.get(), strategy, store);
            }
            if (first > config.rounds()) {
                progress.println("all " + config.rounds() + " rounds are already complete in the run store");
                return new Outcome(new FederationResult(initial, List.of()), first, data, model, strategy.name(), strategy.aggregation(), 0, 0,
                        (System.nanoTime() - start) / 1e9, null);
            }
            List<String> order = SiteOrder.of(layout, data.siteIds());
            Map<String, String> shards = DemoShards.assign(order, data.siteIds(), spec.dataset());
            try (CoordinatorServer srv = startServer(layout, study, model, order, DataSplit.of(spec), shards)) {
                long connected = srv.awaitConnected(order.size(), config.startWait());
                if (connected < Math.max(1, strategy.minimumSites())) {
                    throw new IllegalStateException("only " + connected + " of " + order.size() + " sites connected within "
                            + config.startWait().toSeconds() + " s");
                }
                progress.printf(Locale.ROOT, "%d of %d sites connected; starting round %d of %d%n", connected, order.size(), first,
                        config.rounds());
                // contribution values: each round's updates valued on the global test set before the study's own aggregation
                ContributionRecorder recorder = spec.contribution() == null ? null
                        : ContributionValues.recorder(spec, strategy, trainer, globalTest);
                FederationResult result = federate(srv, srv.sites(), strategy, recorder, store,
                        w -> Evaluations.evaluate(trainer, w, globalTest), initial, first);
                explain(srv.sites(), result, data.featureNames(), globalTest.classNames(),
                        () -> StudyExplainer.images(model, trainer, result.finalWeights(), globalTest, progress::println));
                personalize(srv.sites(), result);
                finish(srv);
                if (recorder != null) {
                    contribution = ContributionValues.of(spec, recorder, order, globalTest.isSurvival()).resumedAt(first, spec.rounds());
                }
                return new Outcome(result, first, data, model, strategy.name(), strategy.aggregation(), srv.traffic().toSites(), srv.traffic().fromSites(),
                        (System.nanoTime() - start) / 1e9, null);
            } finally {
                server = null;
            }
        }
    }

    /**
     * An own-data study: the statistics step (or its stored outcome when resuming), then the rounds
     * over the sites whose statistics were merged, evaluated on their own test splits.
     */
    private Outcome runOwnData(StudyAssembly assembly, FederationLayout layout, RunStore store, long start)
            throws InterruptedException {
        StudySpec spec = config.study();
        Strategy strategy = assembly.strategy();
        OwnDataStudy study = config.ownData();
        if (spec.explain() != null) { // a tabular own-data study: image studies are refused with explain before this
            ExplanationStep.check(spec, assembly.model(new int[] {1}, study.schema().table().classes().size()));
        }
        Optional<String> stored = store.preprocessing();
        PreprocessingFit fit = stored.map(PreprocessingFit::fromJson).orElse(null);
        ModelSpec model = fit == null ? null : modelFor(assembly, fit);
        ModelWeights initial = null;
        int first = 1;
        if (fit != null) {
            RunStore.Checkpoint cp = store.lastCheckpoint().orElseThrow(() -> new IllegalStateException(
                    "run store: the fitted preprocessing is stored without the initial model"));
            initial = cp.weights();
            first = resumeFrom(cp, strategy, store);
            progress.println("the federated preprocessing comes from the run store (" + fit.sites().size() + " sites); no"
                    + " statistics step");
            if (first > config.rounds()) {
                progress.println("all " + config.rounds() + " rounds are already complete in the run store");
                return new Outcome(new FederationResult(initial, List.of()), first, null, model, strategy.name(), strategy.aggregation(), 0, 0,
                        (System.nanoTime() - start) / 1e9, fit);
            }
        }
        List<String> order = SiteOrder.of(layout, List.of());
        try (CoordinatorServer srv = startServer(layout, assembly, null, order, null, Map.of())) {
            if (fit == null) {
                long connected = srv.awaitConnected(order.size(), config.startWait());
                if (connected < Math.max(1, strategy.minimumSites())) {
                    throw new IllegalStateException("only " + connected + " of " + order.size() + " sites connected within "
                            + config.startWait().toSeconds() + " s");
                }
                progress.printf(Locale.ROOT, "%d of %d sites connected; asking them for the statistics of their training records%n",
                        connected, order.size());
                fit = PreprocessingStep.run(srv.sites(), study, config.roundDeadline(), progress);
                if (fit.sites().size() < Math.max(1, strategy.minimumSites())) {
                    throw new IllegalStateException(fit.sites().size() + " sites contributed statistics; " + strategy.name()
                            + " needs " + strategy.minimumSites() + ": " + fit.excluded());
                }
                model = modelFor(assembly, fit);
                try (DjlTrainer trainer = DjlTrainer.builder().model(model).build()) {
                    initial = assembly.initialWeights(trainer);
                }
                assembly.checkModel(model, initial);
                store.saveInitial(initial, fit.toJson());
            }
            srv.publishSetup(new OwnDataSetup(study.schema(), fit.preprocessing(), model), fit.sites(), fit.excluded());
            List<String> members = fit.sites();
            List<RemoteSite> sites = srv.sites().stream().filter(s -> members.contains(s.siteId())).toList();
            long connected = srv.awaitConnected(members, config.startWait());
            progress.printf(Locale.ROOT, "%d of %d study sites connected; model %s; starting round %d of %d (evaluation: each site"
                    + " on its own test split)%n", connected, members.size(), model, first, config.rounds());
            // contribution values: each coalition's model scored by the sites themselves (the coordinator holds no data)
            SiteEvaluationUtility utility = spec.contribution() == null ? null
                    : new SiteEvaluationUtility(sites, config.roundDeadline());
            ContributionRecorder recorder = utility == null ? null : ContributionValues.recorder(spec, strategy, utility);
            FederationResult result = federate(srv, sites, strategy, recorder, store, null, initial, first);
            if (recorder != null) {
                contribution = ContributionValues.of(spec, recorder, members, false).resumedAt(first, spec.rounds())
                        .scoredBy("pooled accuracy of the sites' own evaluations on their test splits", utility.note());
            }
            explain(sites, result, fit.preprocessing().outputNames(), study.schema().table().classes(), null);
            personalize(sites, result);
            finish(srv);
            return new Outcome(result, first, null, model, strategy.name(), strategy.aggregation(), srv.traffic().toSites(),
                    srv.traffic().fromSites(), (System.nanoTime() - start) / 1e9, fit);
        } finally {
            server = null;
        }
    }

    /** Opens the audit chain in the run store and records the study (once per chain). */
    private void openTrail(RunStore store, FederationLayout layout, Strategy strategy) {
        CoordinatorTrail t = CoordinatorTrail.open(store, layout);
        Map<String, String> operations = config.operationalSettings(jdbcUrl);
        t.studyCreated(config.fingerprint(), Map.of("federation", config.federation(), "rounds", config.rounds(),
                "strategy", strategy.name(), "stages", strategy.aggregation(), "configuration", operations));
        t.configuration(operations).forEach(k -> progress.println("audit trail: configuration changed since the last start: " + k));
        t.recover(store.rounds());
        trail = t;
    }

    /** The model for the columns the preprocessing kept and the study's classes. */
    private ModelSpec modelFor(StudyAssembly assembly, PreprocessingFit fit) {
        return assembly.model(config.ownData().inputShape(fit.preprocessing().keptColumns().length),
                config.ownData().schema().table().classes().size());
    }

    /** @param split a demo-data study's split, which nodes must share (null for an own-data study) */
    private CoordinatorServer startServer(FederationLayout layout, StudyAssembly assembly, ModelSpec model, List<String> order,
                                          DataSplit split, Map<String, String> shards) {
        InetSocketAddress listen = new InetSocketAddress(config.listenHost(), config.port());
        CoordinatorServer srv = new CoordinatorServer(layout, config.federation(), model, order, listen, config.siteWait(),
                config.chunkBytes());
        // every welcome describes the study, so each hospital can approve it (the node computes the digest itself)
        StudyDescription description = StudyDescriptions.of(config, assembly, model);
        srv.describeStudy(description);
        StudyDescriptions.print(StudyDescriptions.digest(description, layout), progress, "");
        srv.expectDemoSplit(split, shards);
        srv.expectTraining(training(config.study()));
        srv.auditTrail(trail);
        try {
            srv.start();
        } catch (RuntimeException e) {
            srv.close();
            throw e;
        }
        server = srv;
        CoordinatorCertificate.expiryWarning(layout, Instant.now()).ifPresent(progress::println);
        progress.printf(Locale.ROOT, "coordinator of federation %s listening on %s:%d; %d sites: %s; waiting for them to connect%n",
                config.federation(), config.listenHost(), srv.port(), order.size(), String.join(", ", order));
        return srv;
    }

    /** The training the sites are asked for: with DP-SGD settings at sample level (limits checked by {@link StudyRuntime}). */
    static TrainingConfig training(StudySpec spec) {
        var dp = spec.sampleDp();
        if (dp == null) {
            return spec.training();
        }
        // the study's δ travels with the task: a budgeted node refuses another one than its own
        return spec.training().withDpSgd(new DpSgd(dp.clipNorm(), dp.noiseMultiplier(), dp.seededNoise()).withDelta(dp.delta()));
    }

    /** Runs the rounds from {@code first}, committing each to the store, then ends the nodes' streams. */
    private FederationResult federate(CoordinatorServer srv, List<RemoteSite> sites, Strategy strategy, ContributionRecorder recorder,
                                      RunStore store, GlobalEvaluator evaluator, ModelWeights initial, int first) {
        StudySpec spec = config.study();
        SitePrivacyCollector dp = spec.sampleDp() == null ? null : new SitePrivacyCollector(training(spec), progress);
        privacy = dp;
        if (secure != null) {
            Weights.checkSecureMessageSize(initial.size(), config.chunkBytes());
            srv.secureAggregation(secure.name());
            progress.println("secure aggregation: " + secure.describe(sites.size()));
        }
        Federation federation = Federation.builder()
                .strategy(recorder != null ? recorder : strategy) // the recorder passes aggregation on to the strategy
                .sites(dp == null ? sites : sites.stream().map(dp::wrap).toList())
                .rounds(config.rounds())
                .globalEvaluator(evaluator)
                .parallelism(Math.max(2, sites.size()))
                .roundDeadline(config.roundDeadline())
                .secureAggregation(secure)
                .secureGroups(spec.secure() == null ? 1 : spec.secure().groups())
                .listener(r -> store.commitRound(r, strategy instanceof StatefulStrategy st ? st.saveState() : null))
                .listener(r -> progress.println(RoundLine.of(r, sites.size(), config.rounds())))
                .listener(r -> roundsDone.incrementAndGet())
                .listener(feed)
                .listener(dp != null ? dp : r -> { })
                .listener(trail.listener(strategy.aggregation(), this::privacyReport)) // after dp: it books the round's privacy
                .build();
        if (evaluator != null) {
            // demo data: a hospital provisioned while the run goes on (fedmed provision add-site) joins it; an
            // own-data study's membership is fixed by its statistics step
            srv.acceptLateJoiners(remote -> {
                federation.addSite(dp == null ? remote : dp.wrap(remote));
                progress.printf(Locale.ROOT, "site %s joined the running federation; it takes part from the next round%n",
                        remote.siteId());
            });
        }
        FederationResult result;
        try {
            result = federation.run(initial, first);
        } finally {
            srv.acceptLateJoiners(null);
        }
        trail.modelReleased(config.rounds(), result.finalWeights());
        return result;
    }

    /** A study with {@code finetune_epochs}, before the nodes are let go: each site fine-tunes its personal model. */
    private void personalize(List<RemoteSite> sites, FederationResult result) {
        StudySpec spec = config.study();
        if (spec.finetuneEpochs() > 0 && !result.rounds().isEmpty()) {
            personal = PersonalizationStep.run(spec, training(spec), sites.stream().filter(RemoteSite::isConnected).toList(),
                    result.finalWeights(), config.roundDeadline(), progress);
        }
    }

    /** Tells the nodes the study is over, after its last step. */
    private void finish(CoordinatorServer srv) {
        srv.finish();
        progress.printf(Locale.ROOT, "federation finished: %d rounds; %s to sites, %s from sites on the wire%n", config.rounds(),
                ByteSize.human(srv.traffic().toSites()), ByteSize.human(srv.traffic().fromSites()));
    }

    /**
     * A study with {@code explain}, before the nodes are let go: a tabular model is explained by the sites on their
     * own rows, an image model by saliency maps of the coordinator's own test images ({@code images}; null: none).
     */
    private void explain(List<RemoteSite> sites, FederationResult result, List<String> features, List<String> classes,
                         Supplier<Explanations> images) {
        StudySpec spec = config.study();
        if (spec.explain() != null && !result.rounds().isEmpty()) {
            explanations = images != null && StudyExplainer.isImageModel(spec.architecture()) ? images.get()
                    : ExplanationStep.run(spec, sites.stream().filter(RemoteSite::isConnected).toList(), result.finalWeights(), features,
                    classes, clientDp == null ? null : clientDp.ledger().clientLevel(), privacy, trail, config.roundDeadline(), progress);
        }
    }

    /** The round after the checkpoint, with the strategy's stored server state restored (and the dashboard's earlier rounds). */
    private int resumeFrom(RunStore.Checkpoint cp, Strategy strategy, RunStore store) {
        feed.restore(store.rounds());
        progress.printf(Locale.ROOT, "resuming from the run store %s: rounds 1..%d are complete, starting round %d%n",
                RunStore.redact(jdbcUrl), cp.round(), cp.round() + 1);
        StrategyResume.restore(strategy, cp, progress);
        return cp.round() + 1;
    }

}

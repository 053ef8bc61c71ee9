package org.fedmed.cli.deploy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedmed.net.coordinator.CoordinatorConfig;
import org.fedmed.net.store.RunStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedmed studies}: the studies a run store holds, with their progress. */
@Command(name = "studies", mixinStandardHelpOptions = true,
        description = {"List the studies in a coordinator's run store: one line each with its rounds stored of those",
                "planned, when its last round finished and that round's accuracy. Several studies share one",
                "database when their federation.yaml files give different study_name values."})
public final class StudiesCommand implements Callable<Integer> {

    static final class Store {
        @Option(names = "--config", paramLabel = "FILE", description = "A federation.yaml: its run store (db, db_env, db_file or the default H2 file).")
        Path config;

        @Option(names = "--db-env", paramLabel = "VAR", description = "An environment variable holding the run store's JDBC URL.")
        String dbEnv;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Store store;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Override
    public Integer call() {
        PrintStream out = System.out;
        String url = url();
        try (RunStore rs = RunStore.open(url)) {
            List<RunStore.StudySummary> studies = rs.studies();
            if (studies.isEmpty()) {
                out.println("the run store " + RunStore.redact(url) + " holds no study yet");
                return 0;
            }
            out.println("studies in " + RunStore.redact(url) + " (times UTC):");
            int width = Math.max(5, studies.stream().mapToInt(s -> s.name().length()).max().orElse(5));
            out.printf(Locale.ROOT, "  %-" + width + "s  %-9s  %-24s  %-16s  %s%n", "study", "rounds", "state", "last round", "accuracy");
            for (RunStore.StudySummary s : studies) {
                out.printf(Locale.ROOT, "  %-" + width + "s  %-9s  %-24s  %-16s  %s%n", s.name(), s.roundsStored() + "/" + s.plannedRounds(),
                        state(s), s.lastRoundAt() == null ? "-" : TIME.format(s.lastRoundAt()),
                        s.lastAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.lastAccuracy()));
            }
        }
        return 0;
    }

    /** What the store can say: it knows rounds completed, not whether a coordinator is running now. */
    static String state(RunStore.StudySummary s) {
        if (s.roundsStored() == 0) {
            return "no round completed";
        }
        if (s.roundsStored() >= s.plannedRounds()) {
            return "complete";
        }
        return "after round " + s.roundsStored() + " of " + s.plannedRounds();
    }

    private String url() {
        if (store.dbEnv != null) {
            return CoordinatorConfig.databaseUrlFromEnvironment(store.dbEnv, "--db-env");
        }
        return CoordinatorConfig.load(store.config).jdbcUrl(null);
    }
}

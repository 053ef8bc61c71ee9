package org.fedmed.net.coordinator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.study.prep.OwnDataStudy;
import org.fedmed.study.prep.PreprocessingFit;
import org.fedmed.study.prep.SiteStatistics;

/**
 * The statistics step of an own-data study, before round 1: every connected site is asked for the
 * aggregate statistics of its training rows (in parallel, within the round deadline); the answers
 * are merged and the study's preprocessing is fitted on them. A site that fails, refuses, answers
 * late or has other columns is left out with its reason; the others go on.
 */
final class PreprocessingStep {

    private PreprocessingStep() {
    }

    static PreprocessingFit run(List<RemoteSite> sites, OwnDataStudy study, Duration deadline, PrintStream progress)
            throws InterruptedException {
        Map<String, SiteStatistics> answered = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, Future<SiteStatistics>> calls = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, sites.size()), r -> {
            Thread t = new Thread(r, "fedmed-statistics");
            t.setDaemon(true);
            return t;
        });
        try {
            for (RemoteSite s : sites) {
                if (s.isConnected()) {
                    calls.put(s.siteId(), pool.submit(() -> s.statistics(study)));
                } else {
                    failed.put(s.siteId(), "not connected at the statistics step");
                }
            }
            long end = System.nanoTime() + deadline.toNanos();
            for (var call : calls.entrySet()) {
                try {
                    answered.put(call.getKey(), call.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    call.getValue().cancel(true);
                    failed.put(call.getKey(), "no statistics before the round deadline");
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    failed.put(call.getKey(), c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> order = new ArrayList<>();
        sites.forEach(s -> order.add(s.siteId()));
        PreprocessingFit fit = PreprocessingFit.fit(study, order, answered, failed);
        TabularPreprocessor p = fit.preprocessing();
        progress.printf(Locale.ROOT, "federated preprocessing fitted on %d training records of %d sites (%s): %d of %d columns"
                        + " kept, %d means and %d standard deviations; dropped: %s%n", p.trainRows(), fit.sites().size(),
                String.join(", ", fit.sites()), p.keptColumns().length, p.inputNames().size(), p.standardizer().features(),
                p.standardizer().features(), p.droppedColumns().isEmpty() ? "none" : String.join(", ", p.droppedColumns()));
        fit.excluded().forEach((site, why) -> progress.println("  " + site + " is not part of this study: " + why));
        return fit;
    }
}

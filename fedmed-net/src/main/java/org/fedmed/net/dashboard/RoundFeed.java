package org.fedmed.net.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fedmed.core.federation.RoundListener;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.net.coordinator.PooledEvaluation;
import org.fedmed.net.store.RunStore;

/**
 * The rounds the dashboard plots, as they finish: the global model's test accuracy and loss (or,
 * without a global test set, the pooled score over the sites' own test splits), the train loss and
 * how many sites took part. Aggregates only; a round whose site details are withheld (client-level DP)
 * shows neither the train loss nor the participants.
 */
public final class RoundFeed implements RoundListener {

    /** One finished round; NaN where a value is not known or withheld, participants -1 when withheld. */
    public record Point(int round, double accuracy, double testLoss, double trainLoss, int participants, boolean aggregated) {
    }

    private final List<Point> points = new ArrayList<>();
    private long version;

    @Override
    public void roundFinished(RoundResult r) {
        EvaluationResult e = r.globalEvaluation() != null ? r.globalEvaluation() : PooledEvaluation.of(r.siteEvaluations());
        boolean survival = e != null && e.isSurvival();
        double accuracy = e == null || survival ? Double.NaN : e.metrics().accuracy();
        Point p = new Point(r.round(), accuracy, e == null ? Double.NaN : e.loss(), r.siteDetailsWithheld() ? Double.NaN : r.trainLoss(),
                r.siteDetailsWithheld() ? -1 : r.participants().size(), r.aggregated());
        synchronized (this) {
            points.add(p);
            version++;
            notifyAll();
        }
    }

    /**
     * The rounds an earlier process committed (a restarted coordinator resumes after them), from the run
     * store: accuracy, train loss and participants as stored (the test loss is not stored); a round whose
     * site details were withheld stays withheld.
     */
    public void restore(List<RunStore.StoredRound> stored) {
        synchronized (this) {
            for (RunStore.StoredRound r : stored) {
                boolean withheld = r.participants().stream().anyMatch(p -> p.startsWith(RoundResult.WITHHELD));
                points.add(new Point(r.round(), r.testAccuracy() == null ? Double.NaN : r.testAccuracy(), Double.NaN,
                        withheld || r.trainLoss() == null ? Double.NaN : r.trainLoss(), withheld ? -1 : r.participants().size(),
                        r.aggregated()));
            }
            points.sort(Comparator.comparingInt(Point::round));
            version++;
            notifyAll();
        }
    }

    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** Changes with every round (server-sent events wait on it). */
    synchronized long version() {
        return version;
    }

    /** Waits until a round newer than {@code seen} finished or {@code millis} passed. */
    synchronized void awaitChange(long seen, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (version == seen) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}

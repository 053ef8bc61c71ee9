package org.fedmed.core.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Calls to a round's sites, in turn or in parallel under a deadline; a site's exception becomes its error text. */
final class SiteCalls {

    record Outcome<T>(String siteId, T value, String error) {
    }

    private SiteCalls() {
    }

    /**
     * Calls every task, in parallel when a pool is given; a task's exception becomes its error text.
     * With a pool, a task still running at {@code deadlineNanos} is cancelled and reported late: the
     * round completes with the sites that answered in time.
     */
    static <A, T> List<Outcome<T>> callAll(List<A> tasks, Function<A, String> idOf, Function<A, T> call,
                                                   ExecutorService pool, long deadlineNanos) {
        List<Outcome<T>> out = new ArrayList<>(tasks.size());
        if (pool == null) {
            for (A a : tasks) {
                out.add(attempt(idOf.apply(a), () -> call.apply(a)));
            }
            return out;
        }
        List<Future<Outcome<T>>> futures = new ArrayList<>();
        for (A a : tasks) {
            futures.add(pool.submit(() -> attempt(idOf.apply(a), () -> call.apply(a))));
        }
        for (int i = 0; i < futures.size(); i++) {
            Future<Outcome<T>> f = futures.get(i);
            try {
                long wait = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadlineNanos - System.nanoTime());
                out.add(f.get(wait, TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                f.cancel(true);
                out.add(new Outcome<>(idOf.apply(tasks.get(i)), null, "late: no answer before the round deadline; discarded"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for sites", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("site call crashed", e.getCause());
            }
        }
        return out;
    }

    private static <T> Outcome<T> attempt(String id, Supplier<T> call) {
        try {
            return new Outcome<>(id, call.get(), null);
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Outcome<>(id, null, msg);
        }
    }

}

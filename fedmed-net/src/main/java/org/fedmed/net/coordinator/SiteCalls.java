package org.fedmed.net.coordinator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** One request to every site at once, under one deadline: each site's answer, or why it gave none. */
final class SiteCalls {

    /** A site's answer ({@code value}) or the one-line reason it has none ({@code failure}). */
    record Answer<T>(T value, String failure) {
    }

    private SiteCalls() {
    }

    /** Asks every site in parallel; a site that fails or misses the deadline is answered by its reason (its task cancelled). */
    static <T> Map<String, Answer<T>> askAll(List<RemoteSite> sites, Duration deadline, Function<RemoteSite, T> ask) {
        Map<String, Future<T>> asked = new LinkedHashMap<>();
        Map<String, Answer<T>> out = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, sites.size()));
        try {
            for (RemoteSite s : sites) {
                asked.put(s.siteId(), pool.submit(() -> ask.apply(s)));
            }
            long end = System.nanoTime() + deadline.toNanos();
            for (Map.Entry<String, Future<T>> e : asked.entrySet()) {
                try {
                    out.put(e.getKey(), new Answer<>(e.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS), null));
                } catch (TimeoutException ex) {
                    e.getValue().cancel(true);
                    out.put(e.getKey(), new Answer<>(null, "no answer before the round deadline"));
                } catch (ExecutionException ex) {
                    String why = ex.getCause().getMessage();
                    out.put(e.getKey(), new Answer<>(null, why == null ? ex.getCause().getClass().getSimpleName()
                            : why.replaceFirst("^site reported: ", "")));
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            asked.keySet().forEach(site -> out.putIfAbsent(site, new Answer<>(null, "interrupted before it answered")));
        } finally {
            pool.shutdownNow();
        }
        return out;
    }
}

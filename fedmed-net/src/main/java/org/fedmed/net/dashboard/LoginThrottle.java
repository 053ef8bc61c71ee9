package org.fedmed.net.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong dashboard tokens per client address: after {@link #LIMIT} within {@link #WINDOW}, that address
 * may not try a token for {@link #WINDOW} (even the right one), and the refusal is logged once, not at
 * every attempt. Guessing a 256-bit token is hopeless anyway; this keeps a flood of attempts out of the
 * coordinator's log and off its CPU.
 */
final class LoginThrottle {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ADDRESSES = 10_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> blockedUntil = new ConcurrentHashMap<>();

    /** Whether {@code address} may try a token now. */
    boolean allows(String address, Instant now) {
        Instant until = blockedUntil.get(address);
        if (until == null) {
            return true;
        }
        if (now.isBefore(until)) {
            return false;
        }
        blockedUntil.remove(address);
        return true;
    }

    /** Records a wrong token; true when this one blocks the address (the moment to log it, once). */
    synchronized boolean failed(String address, Instant now) {
        if (failures.size() > MAX_ADDRESSES) {
            failures.clear(); // a spray from many addresses must not grow this without bound
        }
        Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        times.addLast(now);
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(WINDOW))) {
            times.removeFirst();
        }
        if (times.size() >= LIMIT) {
            times.clear();
            blockedUntil.put(address, now.plus(WINDOW));
            return true;
        }
        return false;
    }
}

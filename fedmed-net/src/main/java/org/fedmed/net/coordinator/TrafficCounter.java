package org.fedmed.net.coordinator;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes of protocol messages (serialized protobuf, before HTTP/2 and TLS framing) in each direction. */
public final class TrafficCounter {
    private final AtomicLong toSites = new AtomicLong();
    private final AtomicLong fromSites = new AtomicLong();

    public void toSites(long n) {
        toSites.addAndGet(n);
    }

    public void fromSites(long n) {
        fromSites.addAndGet(n);
    }

    public long toSites() {
        return toSites.get();
    }

    public long fromSites() {
        return fromSites.get();
    }
}

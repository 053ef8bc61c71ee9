package org.fedmed.core.trail;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An author's side of a chain: appends entries signed with its provisioned key (one signature per
 * entry, nothing else on the hot path) to a {@link Store}, and closes each round with the Merkle root
 * of its entries. A chain reopened after a restart continues from its last entry.
 */
public final class AuditTrail {

    /** Where a chain lives: a run-store table, an append-only file. */
    public interface Store {
        /** Every entry in order (read once, when the trail opens). */
        List<ChainEntry> readAll();

        void append(ChainEntry e);
    }

    /**
     * What a dashboard shows: the chain's length, its newest round and entry time, and the outcome of
     * the last verification run in this process ("not verified" until one ran).
     */
    public record Status(long entries, int lastRound, Instant lastEntry, String lastVerification) {
    }

    private final Store store;
    private final String author;
    private final String key;
    private final PrivateKey signer;
    private final Clock clock;
    private final Set<String> introduced = new HashSet<>(); // certificate fingerprints this chain has introduced
    private final List<String> roundLeaves = new ArrayList<>(); // hashes of entries since the last round root
    private final Map<String, ChainEntry> lastByType = new HashMap<>();
    /** Entries of the few types a writer looks back on (revocations, configuration, approvals), by type, oldest first. */
    private final Map<String, List<ChainEntry>> kept = new HashMap<>();
    private static final Set<String> KEPT = Set.of(EntryType.SITE_REVOKED, EntryType.CONFIGURATION_CHANGED, EntryType.STUDY_APPROVED);
    private ChainEntry last;
    private int lastRound;
    private volatile String lastVerification = "not verified";

    /**
     * Opens the chain in {@code store}; appends {@code chain_opened} with the author's certificate when
     * this certificate has not been introduced in it yet (a new chain, or a renewed key).
     */
    public AuditTrail(Store store, String author, byte[] certificateDer, PrivateKey signer, Clock clock) {
        this.store = store;
        this.author = author;
        this.key = ChainEntry.sha256(certificateDer);
        this.signer = signer;
        this.clock = clock;
        for (ChainEntry e : store.readAll()) {
            remember(e);
        }
        if (!introduced.contains(key)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("certificate", Base64.getEncoder().encodeToString(certificateDer));
            append(EntryType.CHAIN_OPENED, 0, p);
        }
    }

    private void remember(ChainEntry e) {
        last = e;
        lastByType.put(e.type(), e);
        if (KEPT.contains(e.type())) {
            kept.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e);
        }
        lastRound = Math.max(lastRound, e.round());
        if (EntryType.ROUND_ROOT.equals(e.type())) {
            roundLeaves.clear();
        } else if (e.round() > 0) {
            roundLeaves.add(e.hash());
        }
        Object cert = e.payload().get("certificate");
        if (cert instanceof String s && (EntryType.CHAIN_OPENED.equals(e.type()) || EntryType.SITE_JOINED.equals(e.type()))) {
            introduced.add(ChainEntry.sha256(Base64.getDecoder().decode(s)));
        }
    }

    /** Signs and stores one entry; returns it (e.g. to send as a receipt). */
    public synchronized ChainEntry append(String type, int round, Map<String, Object> payload) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (last != null && now.isBefore(last.time())) {
            now = last.time(); // a clock stepped back must not make the chain look reordered
        }
        ChainEntry e = ChainEntry.sign(last, now, author, key, type, round, payload, signer);
        store.append(e);
        remember(e);
        return e;
    }

    /** Whether a certificate (by SHA-256 fingerprint) was already introduced in this chain. */
    public synchronized boolean knows(String fingerprint) {
        return introduced.contains(fingerprint);
    }

    /** Every entry of a type the chain keeps at hand (site_revoked, configuration_changed, study_approved), oldest first. */
    public synchronized List<ChainEntry> entries(String type) {
        if (!KEPT.contains(type)) {
            throw new IllegalArgumentException("entries of type " + type + " are not kept at hand; read the chain");
        }
        return List.copyOf(kept.getOrDefault(type, List.of()));
    }

    /** The newest entry of a type, if the chain has one. */
    public synchronized Optional<ChainEntry> last(String type) {
        return Optional.ofNullable(lastByType.get(type));
    }

    /** Appends the Merkle root over the entries of {@code round} since the last root; none when there are none. */
    public synchronized ChainEntry closeRound(int round) {
        if (roundLeaves.isEmpty()) {
            return null;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("leaves", roundLeaves.size());
        p.put("root", new MerkleTree(roundLeaves).root());
        return append(EntryType.ROUND_ROOT, round, p);
    }

    public String author() {
        return author;
    }

    /** SHA-256 fingerprint of the author's certificate. */
    public String key() {
        return key;
    }

    /** Records the outcome of a verification (e.g. "ok: 812 entries, 100 rounds, 5 nodes cross-checked"). */
    public void verified(String outcome) {
        lastVerification = outcome;
    }

    public synchronized Status status() {
        return new Status(last == null ? 0 : last.seq(), lastRound, last == null ? null : last.time(), lastVerification);
    }
}

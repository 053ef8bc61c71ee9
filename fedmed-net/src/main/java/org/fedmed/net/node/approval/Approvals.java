package org.fedmed.net.node.approval;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fedmed.net.approval.StudyDigest;

/**
 * The studies a hospital's operator approved for its node ({@code fedmed node approve --kit DIR
 * DIGEST}), kept in the kit as {@code approvals.yaml} (owner-only), each with the time and the
 * study's summary; and the studies the node was asked to run ({@code studies-seen.yaml}), so that
 * the operator can approve one by its short digest and see what it is.
 */
public final class Approvals {

    public static final String FILE = "approvals.yaml";
    public static final String SEEN_FILE = "studies-seen.yaml";
    /** The summary of an approval given before the node saw the study; replaced by the study's own when it does. */
    static final String NOT_SEEN = "not yet seen by this node (approved from the digest the coordinator published)";

    /** An approved (or seen) study: its full digest, when it was approved (or first seen), and what it is in words. */
    public record Entry(String digest, Instant time, String summary) {
        public String shortForm() {
            return digest.substring(0, StudyDigest.SHORT);
        }
    }

    private final DigestList approved;
    private final DigestList seen;

    private Approvals(Path kitDir) {
        this.approved = new DigestList(kitDir.resolve(FILE), "approved");
        this.seen = new DigestList(kitDir.resolve(SEEN_FILE), "seen");
    }

    /** The approvals of the kit in {@code kitDir}; nothing is read until asked. */
    public static Approvals of(Path kitDir) {
        return new Approvals(kitDir);
    }

    /** The approved studies, read now; a malformed file is an {@link IllegalArgumentException} naming file, entry and key. */
    public List<Entry> approved() {
        return approved.read();
    }

    /** The studies the node has been asked to run, read now. */
    public List<Entry> seen() {
        return seen.read();
    }

    public boolean approves(StudyDigest d) {
        return approved().stream().anyMatch(e -> e.digest().equals(d.hex()));
    }

    /**
     * Remembers a study the node was asked to run (once per digest); an approval given from the
     * published digest before the node saw the study gets the study's summary now.
     */
    public void recordSeen(StudyDigest d, Instant now) {
        List<Entry> all = new ArrayList<>(seen.read());
        if (all.stream().noneMatch(e -> e.digest().equals(d.hex()))) {
            all.add(new Entry(d.hex(), now, d.oneLine()));
            seen.write(all);
        }
        List<Entry> ok = new ArrayList<>(approved.read());
        for (int i = 0; i < ok.size(); i++) {
            Entry e = ok.get(i);
            if (e.digest().equals(d.hex()) && e.summary().equals(NOT_SEEN)) {
                ok.set(i, new Entry(e.digest(), e.time(), d.oneLine()));
                approved.write(ok);
            }
        }
    }

    /**
     * Approves a study: the full digest, or a prefix of at least {@value StudyDigest#SHORT} characters
     * of a study this node has seen. A full digest the node has not seen yet (sent by the study's
     * coordinator out of band) is approved as given; its summary is shown when the node first sees it.
     */
    public Entry approve(String digestText, Instant now) {
        String full = resolve(digestText);
        String summary = seen().stream().filter(e -> e.digest().equals(full)).map(Entry::summary).findFirst()
                .orElse(NOT_SEEN);
        List<Entry> all = new ArrayList<>(approved.read());
        all.removeIf(e -> e.digest().equals(full));
        Entry e = new Entry(full, now, summary);
        all.add(e);
        approved.write(all);
        return e;
    }

    /** Withdraws an approval (full digest or a unique prefix); the node refuses the study's next task. */
    public Optional<Entry> revoke(String digestText) {
        String t = normalized(digestText);
        List<Entry> all = new ArrayList<>(approved.read());
        List<Entry> hit = all.stream().filter(e -> e.digest().startsWith(t)).toList();
        if (hit.size() > 1) {
            throw new IllegalArgumentException("digest " + digestText + " matches " + hit.size() + " approvals; give more characters");
        }
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        all.remove(hit.get(0));
        approved.write(all);
        return Optional.of(hit.get(0));
    }

    public Path file() {
        return approved.file();
    }

    private String resolve(String digestText) {
        String t = normalized(digestText);
        if (t.length() == 64) {
            return t;
        }
        List<String> hits = seen().stream().map(Entry::digest).filter(d -> d.startsWith(t)).distinct().toList();
        if (hits.size() == 1) {
            return hits.get(0);
        }
        throw new IllegalArgumentException(hits.isEmpty() ? "this node has not seen a study with digest " + digestText
                + ": give the full 64-character digest (fedmed coordinator --check prints it), or start the node so it sees the study"
                : "digest " + digestText + " matches " + hits.size() + " studies this node has seen; give more characters");
    }

    private static String normalized(String digestText) {
        String t = digestText.trim().toLowerCase(Locale.ROOT);
        if (!t.matches("[0-9a-f]{" + StudyDigest.SHORT + ",64}")) {
            throw new IllegalArgumentException("'" + digestText + "' is not a study digest: give its 64 hex characters, or at least the"
                    + " first " + StudyDigest.SHORT + " of a study this node has seen");
        }
        return t;
    }
}

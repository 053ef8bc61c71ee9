package org.fedmed.net.approval;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedmed.net.proto.StudyDescription;
import org.fedmed.net.proto.StudyTerm;

/**
 * The study digest a hospital approves: SHA-256 over a canonical text of everything a study is
 * (its {@link StudyDescription}: model, local training, privacy and secure-aggregation settings,
 * data schema or split, rounds, every study key, the coordinator's FedMed version) and of who runs
 * it (the coordinator's certificate). A node computes it from what it received and the certificate
 * it saw on the connection; the coordinator computes it with this same code from its own study, so
 * a study coordinator can send it to the hospitals out of band. Any change gives another digest.
 *
 * <p>The canonical text is one {@code path=value} line per set field, fields in field-number order,
 * map entries sorted by key, doubles in Java's shortest round-trip form, strings with backslash and
 * line breaks escaped.
 *
 * @param hex       the full digest, 64 lower-case hex characters
 * @param canonical the text that was hashed
 */
public record StudyDigest(String hex, String canonical, StudyDescription study, CoordinatorIdentity coordinator) {

    /** First line of the canonical text: another encoding would be another version here. */
    static final String VERSION_LINE = "fedmed-study-digest/1";
    /** Characters of the short form shown next to the full digest. */
    public static final int SHORT = 16;

    public StudyDigest {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(coordinator, "coordinator");
    }

    public static StudyDigest of(StudyDescription study, CoordinatorIdentity coordinator) {
        List<String> lines = new ArrayList<>();
        lines.add(VERSION_LINE);
        lines.add("coordinator.sha256=" + coordinator.sha256());
        lines.add("coordinator.subject=" + escape(coordinator.subject()));
        render("study.", study, lines);
        String text = String.join("\n", lines) + "\n";
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return new StudyDigest(HexFormat.of().formatHex(h), text, study, coordinator);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java runtime", e);
        }
    }

    /** The first {@value #SHORT} hex characters, for display next to the full digest. */
    public String shortForm() {
        return hex.substring(0, SHORT);
    }

    /** What the study would do, for whom, in a few lines a hospital's operator can read before approving it. */
    public String summary() {
        return StudySummary.of(study, coordinator) + "\n  digest: " + hex;
    }

    /** The summary on one line (stored with an approval). */
    public String oneLine() {
        return StudySummary.of(study, coordinator).replace("\n  ", "; ");
    }

    /** Whether {@code text} is this digest: the full 64 hex characters, or a prefix of at least {@value #SHORT}. */
    public boolean matches(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        return t.length() >= SHORT && hex.startsWith(t);
    }

    private static void render(String prefix, Message m, List<String> out) {
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            String name = prefix + f.getName();
            if (f.isMapField()) {
                Map<String, String> sorted = new TreeMap<>();
                for (Object entry : (List<?>) e.getValue()) {
                    Message me = (Message) entry;
                    FieldDescriptor k = me.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor v = me.getDescriptorForType().findFieldByName("value");
                    sorted.put(value(me.getField(k)), value(me.getField(v)));
                }
                sorted.forEach((k, v) -> out.add(name + "[" + escape(k) + "]=" + v));
            } else if (f.isRepeated()) {
                List<?> items = (List<?>) e.getValue();
                for (int i = 0; i < items.size(); i++) {
                    one(name + "[" + i + "]", items.get(i), out);
                }
            } else {
                one(name, e.getValue(), out);
            }
        }
    }

    private static void one(String name, Object v, List<String> out) {
        if (v instanceof StudyTerm t) {
            out.add(name + "." + escape(t.getKey()) + "=" + escape(t.getValue()));
        } else if (v instanceof Message sub) {
            render(name + ".", sub, out);
        } else {
            out.add(name + "=" + value(v));
        }
    }

    private static String value(Object v) {
        return v instanceof String s ? escape(s) : String.valueOf(v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("=", "\\=");
    }
}

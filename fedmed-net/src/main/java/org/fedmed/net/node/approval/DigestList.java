package org.fedmed.net.node.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.net.OwnerOnly;

/**
 * A YAML list of study digests in the kit, each with a time and the study's summary: the studies the
 * operator approved ({@code approvals.yaml}) and those the node has been asked to run
 * ({@code studies-seen.yaml}). Written atomically and owner-only.
 */
final class DigestList {

    private final Path file;
    private final String timeKey;

    DigestList(Path file, String timeKey) {
        this.file = file;
        this.timeKey = timeKey;
    }

    Path file() {
        return file;
    }

    /** The entries; a malformed file is an {@link IllegalArgumentException} naming the file, the entry and the key. */
    List<Approvals.Entry> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        Object root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file, StandardCharsets.UTF_8), Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid YAML (" + firstLine(e.getMessage()) + ")", e);
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof List<?> items)) {
            throw new IllegalArgumentException(file + ": must be a list of entries with digest, " + timeKey + " and summary");
        }
        List<Approvals.Entry> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String where = file + ": entry " + (i + 1);
            if (!(items.get(i) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(where + " must be a mapping with digest, " + timeKey + " and summary");
            }
            for (Object k : m.keySet()) {
                if (!Set.of("digest", timeKey, "summary").contains(String.valueOf(k))) {
                    throw new IllegalArgumentException(where + ": unknown key '" + k + "'; known: digest, " + timeKey + ", summary");
                }
            }
            String digest = String.valueOf(m.get("digest"));
            if (!digest.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(where + ": 'digest' must be the 64 hex characters of a study digest, got '" + digest
                        + "'");
            }
            Instant time;
            try {
                time = Instant.parse(String.valueOf(m.get(timeKey)));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ": '" + timeKey + "' must be a UTC time such as 2026-01-31T12:00:00Z, got '"
                        + m.get(timeKey) + "'", e);
            }
            Object summary = m.get("summary");
            out.add(new Approvals.Entry(digest, time, summary == null ? "" : String.valueOf(summary)));
        }
        return out;
    }

    void write(List<Approvals.Entry> entries) {
        List<Map<String, String>> items = new ArrayList<>();
        for (Approvals.Entry e : entries) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("digest", e.digest());
            m.put(timeKey, e.time().toString());
            m.put("summary", e.summary());
            items.add(m);
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, new ObjectMapper(new YAMLFactory()).writeValueAsString(items), StandardCharsets.UTF_8);
            OwnerOnly.restrict(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            OwnerOnly.restrict(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

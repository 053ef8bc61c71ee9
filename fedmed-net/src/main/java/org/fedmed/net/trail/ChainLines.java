package org.fedmed.net.trail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.Problem;

/**
 * Audit chains as JSON lines: one canonical entry per line. Reading never stops at a bad line: a line
 * cut off (a file truncated in the middle of a write) or not an entry is a {@link Problem} naming the
 * line and the entry number that was due there, and the lines after it are still read.
 */
public final class ChainLines {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** The entries that could be read and the problems of the lines that could not. */
    public record Parsed(List<ChainEntry> entries, List<Problem> problems) {
    }

    private ChainLines() {
    }

    /** @param chain how problems name the chain ("coordinator", "node site-1") */
    public static Parsed parse(List<String> lines, String chain, String source) {
        List<ChainEntry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            long due = entries.isEmpty() ? 1 : entries.get(entries.size() - 1).seq() + 1;
            try {
                ChainEntry e = ChainEntry.fromMap(JSON.readValue(line, MAP));
                e.body(); // a payload the canonical form cannot hold (a fractional number) was not written by FedMed
                entries.add(e);
            } catch (JsonProcessingException e) {
                problems.add(new Problem(chain, due, source + " line " + (i + 1) + " is cut off or not JSON ("
                        + e.getOriginalMessage() + "): the file was truncated or damaged"));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(chain, due, source + " line " + (i + 1) + " is not an audit entry: " + e.getMessage()));
            }
        }
        return new Parsed(entries, problems);
    }

    /** One line as a JSON object (a receipt to keep inside a node's entry). */
    public static Map<String, Object> object(String line) {
        try {
            return JSON.readValue(line, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a chain file; a missing file is refused with one line. */
    public static Parsed read(Path file, String chain) {
        return parse(readLines(file), chain, file.toString());
    }

    /** A chain file's lines; a missing file is refused with one line. */
    public static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no audit chain at " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** For a writer reopening its own chain: every line must be an entry, or it refuses to extend it. */
    public static List<ChainEntry> parseOrFail(List<String> lines, String source) {
        Parsed p = parse(lines, "chain", source);
        if (!p.problems().isEmpty()) {
            throw new IllegalStateException("refusing to extend " + source + ": " + p.problems().get(0).reason()
                    + " (run fedmed audit verify)");
        }
        return p.entries();
    }
}

package org.fedmed.core.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's packages depend on each other one way only, and on no ML engine or network library:
 * a reader can take them in order (model, round records, aggregation stages, strategies, the loop).
 */
class PackageCycleTest {

    private static final Path SOURCES = Path.of("src/main/java/org/fedmed/core");
    private static final Pattern REFERENCE = Pattern.compile("org\\.fedmed\\.core\\.([a-z.]+)\\.[A-Z]");

    private static Map<String, Set<String>> graph() {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        out.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }

    @Test
    void packagesFormNoCycle() {
        Map<String, Set<String>> deps = graph();
        assertTrue(deps.containsKey("aggregate") && deps.containsKey("round") && deps.containsKey("strategy"), deps.toString());
        List<String> cycles = new ArrayList<>();
        for (String start : deps.keySet()) {
            findCycle(start, start, deps, new ArrayList<>(List.of(start)), new TreeSet<>(), cycles);
        }
        assertEquals(List.of(), cycles, "package cycles in fedmed-core");
    }

    private static void findCycle(String start, String at, Map<String, Set<String>> deps, List<String> path, Set<String> seen,
                                  List<String> cycles) {
        for (String next : deps.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(start, next, deps, path, seen, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void coreUsesNoEngineAndNoNetwork() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                for (String banned : List.of("ai.djl", "io.grpc", "com.google.protobuf", "java.net.Socket")) {
                    assertTrue(!text.contains(banned), f + " uses " + banned);
                }
            }
        }
    }
}

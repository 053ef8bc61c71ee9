package org.fedmed.net.coordinator;

import java.nio.file.Path;

/**
 * {@code java -cp ... org.fedmed.net.coordinator.CoordinatorMain --config federation.yaml [--db JDBC_URL]}:
 * the coordinator as a process (the {@code fedmed coordinator} command does the same with a report).
 */
public final class CoordinatorMain {

    private CoordinatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        String db = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[++i]);
                case "--db" -> db = args[++i];
                default -> {
                    System.err.println("usage: CoordinatorMain --config FILE [--db JDBC_URL]");
                    System.exit(2);
                }
            }
        }
        if (config == null) {
            System.err.println("usage: CoordinatorMain --config FILE [--db JDBC_URL]");
            System.exit(2);
        }
        try {
            new Coordinator(CoordinatorConfig.load(config), db, System.out).run();
            System.exit(0);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("fedmed coordinator: error: " + e.getMessage()
                    + (e.getCause() != null && e.getCause() != e ? " (" + e.getCause() + ")" : ""));
            System.exit(1);
        }
    }
}

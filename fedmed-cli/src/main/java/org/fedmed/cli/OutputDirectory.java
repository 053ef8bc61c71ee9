package org.fedmed.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The run's output directory. It is checked up front (so a bad {@code --out} fails before any
 * training) and each file is written to a temporary name and renamed into place, so a failed or
 * interrupted run leaves nothing half-written there.
 */
final class OutputDirectory {

    private final Path dir;

    private OutputDirectory(Path dir) {
        this.dir = dir;
    }

    static OutputDirectory prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " exists and is not a directory");
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isWritable(existing)) {
            throw new IllegalArgumentException("cannot write to --out " + dir + " (" + existing + " is not writable)");
        }
        return new OutputDirectory(dir);
    }

    void write(String name, String content) {
        write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    void write(String name, byte[] content) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
            try {
                Files.write(tmp, content);
                try {
                    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}

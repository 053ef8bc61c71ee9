package org.fedmed.net.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.fedmed.net.OwnerOnly;

/**
 * A node releases a noisy explanation once per approved study: asked again, it would let a
 * coordinator average the noise away (each release would be booked, but a node without a budget
 * has no limit). The claim is kept in the kit ({@code explained-<study>}, written before the release
 * leaves), so a restarted node remembers it.
 */
final class ExplainedStudies {

    static final String PREFIX = "explained-";

    private final Path dir; // null: remembered for this process only
    private final Set<String> claimed = new HashSet<>();

    ExplainedStudies(Path dir) {
        this.dir = dir;
    }

    /** Whether {@code study}'s explanation was already released (checked before anything is booked or computed). */
    synchronized boolean released(String study) {
        return claimed.contains(study) || dir != null && Files.exists(dir.resolve(PREFIX + study));
    }

    /** True the first time {@code study} is claimed (on this kit), false ever after. */
    synchronized boolean claim(String study) {
        if (!claimed.add(study)) {
            return false;
        }
        if (dir == null) {
            return true;
        }
        Path marker = dir.resolve(PREFIX + study);
        try {
            Files.createFile(marker);
            OwnerOnly.restrict(marker);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            // the release must not leave without the claim on disk
            throw new UncheckedIOException("cannot record the explanation's release in " + marker + ": " + e.getMessage(), e);
        }
    }
}

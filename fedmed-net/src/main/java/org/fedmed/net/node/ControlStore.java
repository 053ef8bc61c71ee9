package org.fedmed.net.node;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.net.OwnerOnly;
import org.fedmed.net.transfer.Weights;

/**
 * A node's SCAFFOLD control variate c_i on disk, one file per approved study (named by the study's
 * digest), so a node that restarts goes on with the c_i it had instead of zero and the federation stays
 * the one the simulation runs. The file keeps c_i after the last round it trained and before it: a
 * coordinator that restarts runs its unfinished round again, and that round must start from the c_i
 * it started from the first time. c_i never leaves the node; the file is owner-only.
 */
final class ControlStore {

    private static final int MAGIC = 0x46534331; // "FSC1"

    /** What a restarted node should start round {@code round} from: c_i, or empty for zero (no usable file). */
    record Restored(ModelWeights control, String note) {
    }

    private final Path dir;

    ControlStore(Path dir) {
        this.dir = dir;
    }

    Path file(String studyDigest) {
        return dir.resolve("scaffold-control-" + studyDigest.substring(0, Math.min(16, studyDigest.length())) + ".bin");
    }

    /**
     * Saves c_i after {@code round} and {@code before}, the c_i that round started from (null: zero), atomically:
     * a node killed while writing keeps the previous file.
     */
    void save(String studyDigest, int round, ModelWeights before, ModelWeights after) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(round);
            write(out, before);
            write(out, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path target = file(studyDigest);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(tmp);
            Files.createFile(tmp);
            OwnerOnly.restrict(tmp);
            Files.write(tmp, bytes.toByteArray());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the SCAFFOLD control variate to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The c_i to start round {@code round} from, laid out as {@code layout} (the server's control variate
     * of that round): after the saved round for a later round, before it when the saved round runs again;
     * empty with a note otherwise (no file, an earlier round, another model, an unreadable file).
     */
    Optional<Restored> restore(String studyDigest, int round, ModelWeights layout) {
        Path f = file(studyDigest);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(f))) {
            if (in.readInt() != MAGIC) {
                return Optional.of(new Restored(null, f + " is not a control variate file; starting from zero"));
            }
            int saved = in.readInt();
            ModelWeights before = read(in, layout);
            ModelWeights after = read(in, layout);
            if (round > saved) {
                return Optional.of(new Restored(after, "SCAFFOLD control variate of round " + saved + " restored from " + f));
            }
            if (round == saved) {
                return Optional.of(new Restored(before, "round " + round + " runs again: its starting SCAFFOLD control variate"
                        + " restored from " + f));
            }
            return Optional.of(new Restored(null, f + " holds the control variate of round " + saved + ", later than round "
                    + round + "; starting from zero"));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(new Restored(null, f + " cannot be read (" + e.getMessage() + "); starting from zero"));
        }
    }

    private static void write(DataOutputStream out, ModelWeights w) throws IOException {
        if (w == null) {
            out.writeInt(-1);
            return;
        }
        byte[] payload = Weights.encode(w);
        out.writeInt(payload.length);
        out.write(payload);
    }

    private static ModelWeights read(DataInputStream in, ModelWeights layout) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n != layout.size() * Float.BYTES) {
            throw new IllegalArgumentException("saved for a model of " + n / Float.BYTES + " values, this one has " + layout.size());
        }
        byte[] payload = in.readNBytes(n);
        if (payload.length != n) {
            throw new IllegalArgumentException("the file is cut short");
        }
        return Weights.decode(layout.specs(), payload);
    }
}

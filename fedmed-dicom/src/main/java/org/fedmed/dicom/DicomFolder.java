package org.fedmed.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fedmed.data.read.DataFormatException;
import org.fedmed.data.read.ImageInput;

/**
 * Every file of a DICOM folder (recursively, sorted; hidden files, {@code DICOMDIR} and the labels file
 * itself left out) decoded for a study: an image, an image the study does not want (other modality or
 * view: skipped and counted), or a file that cannot be used (refused, with the file and tag named).
 *
 * @param dir     the folder
 * @param entries one per file, in path order
 */
public record DicomFolder(Path dir, List<Entry> entries) {

    /**
     * One file's outcome: exactly one of {@code image} (decoded and wanted), {@code skipped} (why the
     * study does not want it) and {@code refused} (why it cannot be read).
     *
     * @param name the path relative to the folder, {@code /}-separated: the labels file's key
     */
    public record Entry(String name, DicomImage image, String skipped, DataFormatException refused) {
    }

    public static DicomFolder scan(Path dir, Path labelsFile, ImageInput input) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("DICOM folder " + dir + " does not exist or is not a folder");
        }
        Path labels = labelsFile == null ? null : labelsFile.toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equals("DICOMDIR"))
                    .filter(p -> labels == null || !p.toAbsolutePath().normalize().equals(labels)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list DICOM folder " + dir, e);
        }
        return new DicomFolder(dir, files.stream().map(f -> entry(dir, f, input)).toList());
    }

    private static Entry entry(Path dir, Path file, ImageInput input) {
        String name = dir.relativize(file).toString().replace('\\', '/');
        try {
            DicomImage image = DicomImage.read(file, input);
            String mismatch = image.mismatch(input);
            return mismatch == null ? new Entry(name, image, null, null) : new Entry(name, null, mismatch, null);
        } catch (DataFormatException e) {
            return new Entry(name, null, null, e);
        }
    }

    public List<Entry> images() {
        return entries.stream().filter(e -> e.image() != null).toList();
    }

    public List<Entry> refused() {
        return entries.stream().filter(e -> e.refused() != null).toList();
    }

    public List<Entry> skipped() {
        return entries.stream().filter(e -> e.skipped() != null).toList();
    }

    /** Decoded images per transfer syntax name. */
    public Map<String, Integer> imagesBySyntax() {
        Map<String, Integer> m = new TreeMap<>();
        images().forEach(e -> m.merge(e.image().syntax().title(), 1, Integer::sum));
        return m;
    }

    /** Skipped files per reason. */
    public Map<String, Integer> skippedByReason() {
        Map<String, Integer> m = new TreeMap<>();
        skipped().forEach(e -> m.merge(e.skipped(), 1, Integer::sum));
        return m;
    }

    /** One line: decoded per syntax, skipped per reason, refused count. */
    public String summary() {
        StringBuilder s = new StringBuilder(images().size() + " images decoded " + imagesBySyntax());
        if (!skipped().isEmpty()) {
            s.append("; ").append(skipped().size()).append(" skipped ").append(skippedByReason());
        }
        if (!refused().isEmpty()) {
            s.append("; ").append(refused().size()).append(" refused");
        }
        return s.toString();
    }
}

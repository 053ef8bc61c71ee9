package org.fedmed.dicom;

import java.nio.file.Path;
import org.fedmed.data.read.ImageInput;

/**
 * One file decoded for a study: its transfer syntax, modality and view (for the study's check), its
 * stored size, and the model input in [0, 1] (row-major, {@code input.height() x input.width()}).
 */
public record DicomImage(String file, TransferSyntax syntax, String modality, String view, int rows, int columns,
                         float[] pixels) {

    /** Reads, decodes and renders {@code path} for {@code input}; a problem is a {@link org.fedmed.data.read.DataFormatException}. */
    public static DicomImage read(Path path, ImageInput input) {
        DicomObject d = DicomParser.read(path);
        ImageGeometry g = geometry(d);
        float[] pixels = PixelPipeline.render(d, g, FrameDecoder.decode(d, g), input);
        return new DicomImage(path.toString(), d.syntax(), d.text(Tag.MODALITY).orElse(null), d.text(Tag.VIEW_POSITION).orElse(null),
                g.rows(), g.columns(), pixels);
    }

    /** The stored values of the first frame after Bits Stored and Pixel Representation (no rescale, no window). */
    public static int[] storedValues(Path path) {
        DicomObject d = DicomParser.read(path);
        ImageGeometry g = geometry(d);
        return FrameDecoder.decode(d, g);
    }

    private static ImageGeometry geometry(DicomObject d) {
        if (d.pixels() == null && d.fragments() == null) {
            throw d.problem(Tag.PIXEL_DATA, "is missing (truncated, or not an image)");
        }
        return ImageGeometry.of(d);
    }

    /**
     * Why the study cannot use this image (modality or view differ from what it declares), or null.
     * Modality and view are coded values, not patient data, so they may be named.
     */
    public String mismatch(ImageInput input) {
        if (input.modality() != null && !input.modality().equalsIgnoreCase(modality == null ? "" : modality)) {
            return "modality " + (modality == null ? "(none)" : modality) + " where the study expects " + input.modality();
        }
        if (input.view() != null && !input.view().equalsIgnoreCase(view == null ? "" : view)) {
            return "view position " + (view == null ? "(none)" : view) + " where the study expects " + input.view();
        }
        return null;
    }
}

package org.fedmed.core.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Random image transformations a site applies to its own training images during local training, drawn
 * afresh for every example in every pass (the data never leave the site; only the trained weights do).
 * Labels are kept: each transformation must not change what an image shows (a horizontal mirror, a
 * shift of a few pixels, a small rotation, a change of gain).
 *
 * <p>Text form, as in the study key {@code augment}: {@code none}, or a comma-separated list of
 * {@code flip} (mirror left-right with probability 1/2), {@code shift:<pixels>} (translate by a whole
 * number of pixels in [-p, p] along each axis), {@code rotate:<degrees>} (rotate about the centre by an
 * angle in [-d, d]) and {@code gain:<r>} (multiply the intensities by a factor in [1 - r, 1 + r]).
 * Pixels brought in from outside the image repeat its edge.
 *
 * @param flip    mirror left-right with probability 1/2
 * @param shift   largest translation in pixels along each axis, 0 for none
 * @param rotate  largest rotation in degrees, 0 for none
 * @param gain    largest relative change of intensity, 0 for none
 */
public record Augmentation(boolean flip, int shift, double rotate, double gain) {

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, 0, 0, 0);

    /** The largest shift accepted, in pixels. */
    public static final int MAX_SHIFT = 16;

    public Augmentation {
        if (shift < 0 || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("shift must be 0 to " + MAX_SHIFT + " pixels, got " + shift);
        }
        if (!(rotate >= 0 && rotate <= 180)) {
            throw new IllegalArgumentException("rotate must be 0 to 180 degrees, got " + rotate);
        }
        if (!(gain >= 0 && gain < 1)) {
            throw new IllegalArgumentException("gain must be in [0, 1), got " + gain);
        }
    }

    /** Whether this transforms nothing. */
    public boolean isNone() {
        return !flip && shift == 0 && rotate == 0 && gain == 0;
    }

    /**
     * Reads the text form (see the class comment); throws IllegalArgumentException naming the part it
     * cannot read.
     */
    public static Augmentation parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("none")) {
            return NONE;
        }
        boolean flip = false;
        int shift = 0;
        double rotate = 0;
        double gain = 0;
        List<String> seen = new ArrayList<>();
        for (String raw : t.split(",", -1)) {
            String part = raw.trim();
            int colon = part.indexOf(':');
            String name = colon < 0 ? part : part.substring(0, colon);
            String value = colon < 0 ? null : part.substring(colon + 1).trim();
            if (seen.contains(name)) {
                throw new IllegalArgumentException("augmentation '" + name + "' is given twice in '" + text + "'");
            }
            seen.add(name);
            switch (name) {
                case "flip" -> {
                    if (value != null) {
                        throw new IllegalArgumentException("flip takes no value, got '" + part + "'");
                    }
                    flip = true;
                }
                case "shift" -> shift = (int) number(part, value, true);
                case "rotate" -> rotate = number(part, value, false);
                case "gain" -> gain = number(part, value, false);
                default -> throw new IllegalArgumentException("unknown augmentation '" + part + "' in '" + text
                        + "'; known: none, flip, shift:<pixels>, rotate:<degrees>, gain:<r>");
            }
        }
        Augmentation a;
        try {
            a = new Augmentation(flip, shift, rotate, gain);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("augmentation '" + text + "': " + e.getMessage(), e);
        }
        if (a.isNone()) {
            // shift:0 and the like: say "none" rather than accept a list that does nothing
            throw new IllegalArgumentException("augmentation '" + text + "' changes nothing; write none");
        }
        return a;
    }

    private static double number(String part, String value, boolean whole) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("augmentation '" + part + "' needs a value, e.g. "
                    + (whole ? "shift:2" : part + ":0.1"));
        }
        try {
            return whole ? Integer.parseInt(value) : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("augmentation '" + part + "': '" + value + "' is not a "
                    + (whole ? "whole number of pixels" : "number"), e);
        }
    }

    /** The text form: {@code none} or the list in a fixed order, which {@link #parse} reads back to an equal value. */
    @Override
    public String toString() {
        if (isNone()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (flip) {
            parts.add("flip");
        }
        if (shift > 0) {
            parts.add("shift:" + shift);
        }
        if (rotate > 0) {
            parts.add("rotate:" + rotate);
        }
        if (gain > 0) {
            parts.add("gain:" + gain);
        }
        return String.join(",", parts);
    }
}

package org.fedmed.core.units;

import java.util.Locale;

/**
 * Byte counts for people: progress lines, logs and benchmark headers. Decimal units (kB = 1000 B),
 * the same as the MB/s throughput figures printed next to them.
 */
public final class ByteSize {

    private static final String[] UNITS = {"kB", "MB", "GB", "TB", "PB", "EB"};

    private ByteSize() {
    }

    /** {@code 999 B}, {@code 1.5 kB}, {@code 40.0 MB}, ...: one decimal, the largest unit under 1000. */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double v = bytes / 1000.0;
        int unit = 0;
        // 999.95 and up would print as "1000.0": move to the next unit instead
        while (v >= 999.95 && unit < UNITS.length - 1) {
            v /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }
}

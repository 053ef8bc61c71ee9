package org.fedmed.data.read;

import java.nio.file.Path;

/**
 * A data file does not have the expected format. The message names the file, the 1-based line
 * (when the file is text), the column or field, and the problem, so a user can fix the file.
 *
 * <p>Where the offending cell is given separately ({@link #value()}), {@link #problem()} holds no
 * data from the file and {@link #withoutValue()} is a description that may leave the hospital (a
 * deployed node reports it to the coordinator); the full message, with the value, stays local.
 */
public class DataFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String field;
    private final String problem;
    private final String value;
    private final boolean problemHoldsNoData;

    /**
     * @param file    the file (path as given)
     * @param line    1-based line number, or 0 where lines do not apply (binary files)
     * @param field   column or field name, or {@code null} when the whole line or file is at fault
     * @param problem what is wrong (may quote the offending value)
     */
    public DataFormatException(String file, int line, String field, String problem) {
        super(file + (line > 0 ? ", line " + line : "") + (field != null ? ", " + field : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
        this.value = null;
        this.problemHoldsNoData = false;
    }

    /**
     * @param problem what is wrong, without any content of the file (the value goes in {@code value})
     * @param value   the offending cell as read, or {@code null} when no single cell is at fault
     */
    public DataFormatException(String file, int line, String field, String problem, String value) {
        super(file + (line > 0 ? ", line " + line : "") + (field != null ? ", " + field : "") + ": " + problem
                + (value != null ? ": '" + value + "'" : ""));
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
        this.value = value;
        this.problemHoldsNoData = true;
    }

    public String file() {
        return file;
    }

    /** 1-based line number, 0 if not applicable. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }

    /** The offending cell, or {@code null}. */
    public String value() {
        return value;
    }

    /**
     * The message without the offending value and with the file's name instead of its path: what a
     * node may tell the coordinator. A problem text that may quote data (the four-argument
     * constructor) is replaced by a generic one.
     */
    public String withoutValue() {
        Path name = Path.of(file).getFileName();
        return (name == null ? file : name.toString()) + (line > 0 ? ", line " + line : "") + (field != null ? ", " + field : "")
                + ": " + (problemHoldsNoData ? problem : "malformed content");
    }
}

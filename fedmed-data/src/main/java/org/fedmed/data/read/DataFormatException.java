package org.fedmed.data.read;

/**
 * A data file does not have the expected format. The message names the file, the 1-based line
 * (when the file is text), the column or field, and the problem, so a user can fix the file.
 */
public class DataFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String field;
    private final String problem;

    /**
     * @param file    the file (path as given)
     * @param line    1-based line number, or 0 where lines do not apply (binary files)
     * @param field   column or field name, or {@code null} when the whole line or file is at fault
     * @param problem what is wrong
     */
    public DataFormatException(String file, int line, String field, String problem) {
        super(file + (line > 0 ? ", line " + line : "") + (field != null ? ", " + field : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
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
}

package org.fedmed.net.node;

/**
 * A node cannot serve the study with its data (a malformed file, too few records, the wrong kind of
 * data for the study); retrying will not help, so the node reports it and stops.
 */
public final class NodeDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reportable;

    /** A problem whose description holds no data, so the coordinator may be told all of it. */
    public NodeDataException(String message) {
        this(message, message, null);
    }

    /**
     * @param message    the full description, shown on the node only (may quote a value of the file)
     * @param reportable the description the coordinator is sent: no values, no local paths
     */
    public NodeDataException(String message, String reportable, Throwable cause) {
        super(message, cause);
        this.reportable = reportable;
    }

    public String reportable() {
        return reportable;
    }
}

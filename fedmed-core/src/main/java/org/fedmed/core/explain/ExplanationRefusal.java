package org.fedmed.core.explain;

/**
 * A site refuses to explain: too few rows for the study's minimum. One line naming the site, its row
 * count and the minimum; it carries no data, so the coordinator may be told it as is.
 */
public class ExplanationRefusal extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public ExplanationRefusal(String message) {
        super(message);
    }
}

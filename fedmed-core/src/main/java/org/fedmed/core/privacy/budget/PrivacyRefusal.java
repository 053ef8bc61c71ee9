package org.fedmed.core.privacy.budget;

/**
 * A site refuses a task to protect its records: its budget would be exceeded, or the task's privacy
 * settings are weaker than the site's own policy. The message is one line that names the site, the
 * round, the setting, the task's value and the site's limit; it carries only privacy settings and
 * accounting, never data, so the coordinator may be told it as is.
 */
public class PrivacyRefusal extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public PrivacyRefusal(String message) {
        super(message);
    }
}

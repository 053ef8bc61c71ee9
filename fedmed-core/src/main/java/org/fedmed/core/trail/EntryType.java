package org.fedmed.core.trail;

/** The kinds of audit entries; a chain may hold others (a newer writer), which a verifier checks like any entry. */
public final class EntryType {

    /** First entry of every chain: the author's certificate (base64 DER), so later signatures can be checked. */
    public static final String CHAIN_OPENED = "chain_opened";
    /** The coordinator bound its store to a study: its fingerprint and settings. */
    public static final String STUDY_CREATED = "study_created";
    /**
     * A site approved the study (node-side approval). Hook for the approval feature: the coordinator
     * appends it with the site, the study fingerprint and the digest of the site's signed approval.
     */
    public static final String STUDY_APPROVED = "study_approved";
    /** A site connected with a certificate not seen before: its id, serial and certificate (base64 DER). */
    public static final String SITE_JOINED = "site_joined";
    /** A site's certificate is on the revocation list. */
    public static final String SITE_REVOKED = "site_revoked";
    /** A round began: the first task of the round was sent. */
    public static final String ROUND_STARTED = "round_started";
    public static final String CONFIGURATION_CHANGED = "configuration_changed";
    /** The coordinator received a site's update of a round: site, round, SHA-256 of the payload (also the site's receipt). */
    public static final String UPDATE_RECEIVED = "update_received";
    /** A round closed: participants, failures, stage list, digest of the secure sum, privacy spent, new model digest. */
    public static final String ROUND_CLOSED = "round_closed";
    /** A site's result without weights (evaluation, statistics, explanation) was accepted: site, kind and the result's SHA-256. */
    public static final String RESULT_RECEIVED = "result_received";
    /** The Merkle root over the hashes of one round's entries (update_received .. round_closed). */
    public static final String ROUND_ROOT = "round_root";
    /** The final model: its SHA-256. */
    public static final String MODEL_RELEASED = "model_released";
    /** The sites' explanations of the final model: who explained, who refused, how they were released and what they cost. */
    public static final String EXPLANATIONS_RECEIVED = "explanations_received";

    /** Node chain: what the node sent (an update, an evaluation, statistics): its digest and the privacy it spent. */
    public static final String RELEASED = "released";
    /** Node chain: the coordinator's signed update_received or result_received entry, as the node received it. */
    public static final String RECEIPT = "receipt";

    private EntryType() {
    }
}

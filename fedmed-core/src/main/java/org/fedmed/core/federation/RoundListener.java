package org.fedmed.core.federation;

/** Told about every finished round: progress lines, ledgers, run stores. */
@FunctionalInterface
public interface RoundListener {
    void roundFinished(RoundResult result);
}

package org.fedmed.study;

import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.contribution.ContributionRecorder;
import org.fedmed.core.contribution.ContributionSummary;
import org.fedmed.core.contribution.GtgShapley;
import org.fedmed.core.contribution.ModelUtility;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.strategy.Strategy;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.LocalTrainer;

/**
 * A study's contribution values (docs/CONTRIBUTION.md), in a simulation or a demo-data deployment: the summary, what the utility was measured
 * on, and what the reader must know about the updates they were computed from.
 *
 * @param utility what a rebuilt model's worth is, in words
 * @param notes   caveats: DP, secure groups, the reconstruction rule
 */
public record ContributionValues(ContributionSummary summary, String utility, List<String> notes) {

    public ContributionValues {
        notes = List.copyOf(notes);
    }

    /** The strategy valuing every round's updates on {@code data} before the study's own aggregation. */
    public static ContributionRecorder recorder(StudySpec spec, Strategy strategy, LocalTrainer trainer, LabeledSamples data) {
        return recorder(spec, strategy, w -> score(Evaluations.evaluate(trainer, w, data)));
    }

    /** A recorder that scores each coalition's model with {@code utility} (e.g. the sites' own evaluations of it). */
    public static ContributionRecorder recorder(StudySpec spec, Strategy strategy, ModelUtility utility) {
        return new ContributionRecorder(strategy, spec.contribution().method(), utility, GtgShapley.DEFAULTS.withSeed(spec.seed()));
    }

    public static ContributionValues of(StudySpec spec, ContributionRecorder recorder, List<String> siteIds, boolean survival) {
        ContributionSpec c = spec.contribution();
        boolean groups = spec.secure() != null;
        ContributionSummary summary = groups ? ContributionSummary.perRoundOnly(c.method(), recorder.rounds(), c.rewardPool())
                : ContributionSummary.of(c.method(), recorder.rounds(), siteIds, c.rewardPool());
        List<String> notes = new ArrayList<>();
        notes.add("each coalition's model is rebuilt as the round's global model plus the sample-weighted mean of its members'"
                + " deltas (FedAvg), whatever the study's aggregation; no site retrains");
        if (groups) {
            notes.add("secure aggregation (" + spec.secure().protection() + "): the coordinator sees only the sums of "
                    + spec.secure().groups() + " random groups per round, so values are per group and round; groups are drawn"
                    + " anew every round, so there are no per-site values and no rewards");
        }
        if (spec.clientDp() != null) {
            notes.add(spec.clientDp().parsedMode() == ClientDpStrategy.Mode.CENTRAL
                    ? "client-level DP (central): values are computed on the clipped updates; the noise is added to their sum"
                    + " only, so the values carry none of it and are not covered by the privacy accounting (seeded research run)"
                    : "client-level DP (distributed): values are computed on the clipped updates, each carrying its site's"
                    + " noise share");
        }
        if (spec.sampleDp() != null) {
            notes.add("sample-level DP: values are computed on the updates the sites trained with DP-SGD");
        }
        if (!summary.rewards().isEmpty()) {
            notes.add("rewards: a negative total earns 0 and the pool is shared by the others in proportion to their totals"
                    + " (equally when no site is positive); shares are hundredths summing to the pool");
        }
        String what = (survival ? "C-index" : "accuracy") + " on the coordinator's global test set (the study holds no"
                + " separate coordinator validation split; the values steer no training and no model choice)";
        return new ContributionValues(summary, what, notes);
    }

    /** The utility of one evaluation: accuracy, or the C-index of a survival model. */
    public static double score(EvaluationResult e) {
        return e.isSurvival() ? e.survival().cIndex() : e.metrics().accuracy();
    }

    /** These values with their coalitions scored another way ({@code utility}), said with {@code note}. */
    public ContributionValues scoredBy(String newUtility, String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new ContributionValues(summary, newUtility, more);
    }

    /** These values of a run resumed at round {@code first} (they cover only the rounds it ran), said in a note. */
    public ContributionValues resumedAt(int first, int rounds) {
        if (first <= 1) {
            return this;
        }
        List<String> more = new ArrayList<>(notes);
        more.add("resumed at round " + first + ": the values cover rounds " + first + " to " + rounds
                + " (an earlier process ran the rounds before; their updates are not kept)");
        return new ContributionValues(summary, utility, more);
    }
}

package org.fedmed.net.coordinator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.PersonalModel;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.net.Protocol;
import org.fedmed.study.StudySpec;

/**
 * After the last round of a study with {@code finetune_epochs}: every connected site fine-tunes the
 * final model on its own training data, keeps it as its personal model (in its kit) and answers its
 * evaluation on its own test split, as a simulated site does ({@link PersonalModel#fineTuning}). A
 * site under a privacy budget keeps the evaluation too, and says so; the report lists each answer.
 */
final class PersonalizationStep {

    private PersonalizationStep() {
    }

    /** @return each answering site's personal model on its own test split, by site */
    static Map<String, EvaluationResult> run(StudySpec spec, TrainingConfig training, List<RemoteSite> sites, ModelWeights model,
                                              Duration deadline, PrintStream progress) {
        progress.printf(Locale.ROOT, "personal models: asking %d site(s) to fine-tune the final model for %d epoch(s) on their own"
                + " training data%n", sites.size(), spec.finetuneEpochs());
        Map<String, EvaluationResult> out = new LinkedHashMap<>();
        SiteCalls.askAll(sites, deadline, s -> s.personalize(spec.rounds(), model, Protocol.fitTask(
                PersonalModel.fineTuning(training, spec.finetuneEpochs(), spec.seed(), s.siteId()), SitePlan.none())))
                .forEach((site, a) -> {
                    if (a.value() == null) {
                        progress.println("personal models: site " + site + ": " + a.failure());
                    } else {
                        out.put(site, a.value());
                        progress.printf(Locale.ROOT, "personal models: site %s: accuracy %.4f on its own %d test examples%n", site,
                                a.value().metrics().accuracy(), a.value().samples());
                    }
                });
        return out;
    }
}

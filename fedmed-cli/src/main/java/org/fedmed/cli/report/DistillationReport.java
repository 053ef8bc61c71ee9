package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Locale;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.training.DistillConfig;
import org.fedmed.sim.distill.FedDfResult;

/**
 * report.json and the console table of a FedDF run ({@code fedmed distill}): per architecture its sites,
 * its distilled model, its group's own FedAvg average before distillation and FedAvg with every site on
 * that architecture, all on the same global test set.
 */
public final class DistillationReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DistillationReport() {
    }

    public static String json(FedDfResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("dataset", r.spec().dataset());
        root.set("config", ReportJson.config(r.spec()));
        root.set("distillation", section(r));
        ReportJson.number(root, "seconds", r.seconds());
        return ReportJson.write(root);
    }

    /**
     * {method, proxy_examples, proxy_source, steps, batch_size, learning_rate, temperature, architectures: [{architecture,
     * model, sites, distilled: M, group_fedavg: M, single_architecture_fedavg: M | null}], ensemble: M, rounds: [...]}.
     */
    static ObjectNode section(FedDfResult r) {
        ObjectNode n = MAPPER.createObjectNode();
        DistillConfig d = r.fedDf().distill();
        n.put("method", "feddf");
        n.put("proxy_examples", r.proxyExamples());
        n.put("proxy_source", "the sites' training data, a seeded equal share of each site, labels dropped; excluded from the sites'"
                + " training and from every test set");
        n.put("steps", d.steps());
        n.put("batch_size", d.batchSize());
        ReportJson.number(n, "learning_rate", d.learningRate());
        ReportJson.number(n, "temperature", d.temperature());
        ArrayNode archs = n.putArray("architectures");
        for (FedDfResult.Architecture a : r.architectures()) {
            ObjectNode m = archs.addObject();
            m.put("architecture", a.architecture().id());
            m.put("model", a.model().toString());
            ArrayNode sites = m.putArray("sites");
            a.sites().forEach(sites::add);
            m.set("distilled", ReportJson.metrics(a.distilled()));
            m.set("group_fedavg", ReportJson.metrics(a.groupAverage()));
            if (a.reference() == null) {
                m.putNull("single_architecture_fedavg");
            } else {
                m.set("single_architecture_fedavg", ReportJson.metrics(a.reference()));
            }
        }
        n.set("ensemble", ReportJson.metrics(r.ensemble()));
        ArrayNode rounds = n.putArray("rounds");
        for (FedDfResult.Round round : r.rounds()) {
            ObjectNode m = rounds.addObject();
            m.put("round", round.round());
            ObjectNode before = m.putObject("group_fedavg_accuracy");
            round.averageAccuracy().forEach((a, v) -> ReportJson.number(before, a, v));
            ObjectNode after = m.putObject("distilled_accuracy");
            round.distilledAccuracy().forEach((a, v) -> ReportJson.number(after, a, v));
            ReportJson.number(m, "seconds", round.seconds());
        }
        return n;
    }

    /** One line per architecture: accuracy and AUC of the distilled, group-average and single-architecture models. */
    public static void print(PrintStream out, FedDfResult r) {
        out.println();
        out.printf(Locale.ROOT, "FedDF on %s, %d rounds, %d proxy examples (global test set, %d examples)%n", r.spec().dataset(),
                r.spec().rounds(), r.proxyExamples(), r.data().globalTest().size());
        out.printf(Locale.ROOT, "%-8s %-14s %-17s %-17s %-17s%n", "model", "sites", "distilled", "group FedAvg", "FedAvg all sites");
        out.printf(Locale.ROOT, "%-8s %-14s %-17s %-17s %-17s%n", "", "", "acc     auc", "acc     auc", "acc     auc");
        for (FedDfResult.Architecture a : r.architectures()) {
            out.printf(Locale.ROOT, "%-8s %-14s %s %s %s%n", a.architecture().id(), a.sites().size() + " of " + r.data().sites().size(),
                    cell(a.distilled()), cell(a.groupAverage()), cell(a.reference()));
        }
        out.printf(Locale.ROOT, "%-8s %-14s %s%n", "ensemble", "all", cell(r.ensemble()));
    }

    private static String cell(EvaluationResult e) {
        return e == null ? String.format(Locale.ROOT, "%-17s", "-")
                : String.format(Locale.ROOT, "%.4f  %.4f   ", e.metrics().accuracy(), e.metrics().rocAuc());
    }
}

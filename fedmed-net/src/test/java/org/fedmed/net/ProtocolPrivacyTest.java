package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fedmed.data.SiteTable;
import org.fedmed.data.read.TableSchema;
import org.fedmed.net.prep.PrepProtocol;
import org.fedmed.net.proto.FederationProtos;
import org.fedmed.net.proto.StatisticsResult;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.OwnDataStudy;
import org.fedmed.study.prep.SiteStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol must not be able to carry patient records: every field of every message is listed
 * here with its type. A new field fails this test until someone has looked at it and added it, and
 * the only byte fields are a weights chunk, a digest and the secure-aggregation steps (masked, encrypted
 * or signed protocol values, see below). The only repeated doubles are the
 * per-feature aggregates of the own-data preprocessing step (sums and sums of squares over at least
 * the study's minimum of records, and the federation's fitted means and standard deviations); the
 * rules that keep them aggregates are checked in {@link #statisticsAreAggregatesOverEnoughRecords}.
 */
class ProtocolPrivacyTest {

    private static final Set<String> ALLOWED = Set.of(
            "NodeMessage.hello:MESSAGE", "NodeMessage.result:MESSAGE", "NodeMessage.chunk:MESSAGE", "NodeMessage.ack:MESSAGE",
            "NodeMessage.failure:MESSAGE",
            "CoordinatorMessage.welcome:MESSAGE", "CoordinatorMessage.task:MESSAGE", "CoordinatorMessage.chunk:MESSAGE",
            "CoordinatorMessage.ack:MESSAGE", "CoordinatorMessage.cancel:MESSAGE", "CoordinatorMessage.refusal:MESSAGE",
            "CoordinatorMessage.setup:MESSAGE",
            "Hello.protocol_version:UINT32", "Hello.software:STRING", "repeated Hello.pending_uploads:STRING",
            // a partly received model download: ids and a chunk index only
            "repeated Hello.pending_downloads:MESSAGE", "Hello.demo_split:MESSAGE",
            // a demo-data node's split settings: study keys, not records
            "DemoSplit.dataset:STRING", "DemoSplit.partition:STRING", "DemoSplit.sites:UINT32", "DemoSplit.seed:INT64",
            "DemoSplit.test_fraction:DOUBLE", "DemoSplit.site_test_fraction:DOUBLE", "PendingDownload.task_id:STRING", "PendingDownload.transfer_id:STRING",
            "PendingDownload.next_chunk:UINT32",
            // a budgeted node's announced policy limits: its own settings, not data
            "Hello.policy:MESSAGE", "NodePolicy.delta:DOUBLE", "NodePolicy.max_clip_norm:DOUBLE",
            "NodePolicy.min_noise_multiplier:DOUBLE",
            "Welcome.protocol_version:UINT32", "Welcome.site_id:STRING", "Welcome.federation:STRING", "Welcome.model:MESSAGE", "Welcome.max_chunk_bytes:UINT32",
            "ModelDescriptor.architecture:STRING", "repeated ModelDescriptor.input_shape:UINT32", "ModelDescriptor.num_classes:UINT32",
            "repeated ModelDescriptor.hidden_units:UINT32", "ModelDescriptor.dropout:DOUBLE",
            // coordinator → node: which tensors the study freezes (names of the model's own layers, no data)
            "repeated ModelDescriptor.frozen:STRING", "repeated ModelDescriptor.local_layers:STRING",
            "Task.task_id:STRING", "Task.round:UINT32", "Task.fit:MESSAGE", "Task.evaluate:MESSAGE", "Task.weights:MESSAGE",
            "Task.statistics:MESSAGE", "TaskResult.statistics:MESSAGE",
            "DataSchema.label:STRING", "repeated DataSchema.classes:STRING", "repeated DataSchema.features:STRING",
            "DataSchema.site_test_fraction:DOUBLE", "DataSchema.split_seed:INT64",
            // the study's declared feature ranges (coordinator -> node): names and two bounds each, never data
            "repeated DataSchema.ranges:MESSAGE", "ValueRange.name:STRING", "ValueRange.min:DOUBLE", "ValueRange.max:DOUBLE",
            // an image study's input (coordinator -> node): size, the DICOM modality and view it wants, a window; never data
            "DataSchema.image:MESSAGE", "ImageInput.height:UINT32", "ImageInput.width:UINT32", "ImageInput.modality:STRING",
            "ImageInput.view:STRING", "ImageInput.has_window:BOOL", "ImageInput.window_center:DOUBLE",
            "ImageInput.window_width:DOUBLE",
            "StatisticsTask.schema:MESSAGE", "StatisticsTask.min_rows:UINT32",
            "StatisticsResult.rows:INT64", "repeated StatisticsResult.feature_names:STRING", "repeated StatisticsResult.observed:INT64",
            "repeated StatisticsResult.sum:DOUBLE", "repeated StatisticsResult.sum_sq:DOUBLE",
            "repeated Preprocessing.input_names:STRING", "repeated Preprocessing.kept_columns:UINT32",
            "repeated Preprocessing.mean:DOUBLE", "repeated Preprocessing.std:DOUBLE",
            "StudySetup.schema:MESSAGE", "StudySetup.preprocessing:MESSAGE", "StudySetup.model:MESSAGE",
            "FitTask.local_epochs:UINT32", "FitTask.batch_size:UINT32", "FitTask.learning_rate:DOUBLE", "FitTask.optimizer:STRING",
            "FitTask.momentum:DOUBLE", "FitTask.weight_decay:DOUBLE", "FitTask.proximal_mu:DOUBLE", "FitTask.balance_classes:BOOL",
            "FitTask.seed:INT64", "FitTask.dp_sgd:MESSAGE",
            // coordinator -> node: SCAFFOLD's server control variate follows the model in the task's download; the
            // node's own c_i never travels (the coordinator computes the sum of the changes from the models it receives)
            "FitTask.scaffold_control:BOOL",
            // coordinator -> node: a demo study's split settings and the part this site serves (study keys, no records)
            "Welcome.demo_split:MESSAGE", "Welcome.demo_shard:STRING",
            // coordinator -> node: the study described for the hospital's approval (settings and study keys as text, no data)
            "Welcome.study:MESSAGE", "StudyDescription.federation:STRING", "StudyDescription.software:STRING",
            "StudyDescription.rounds:UINT32", "StudyDescription.model:MESSAGE", "StudyDescription.training:MESSAGE",
            "StudyDescription.secure_aggregation:BOOL", "StudyDescription.client_dp:BOOL", "StudyDescription.schema:MESSAGE",
            "StudyDescription.demo_split:MESSAGE", "repeated StudyDescription.terms:MESSAGE", "StudyTerm.key:STRING",
            "StudyTerm.value:STRING",
            // DP-SGD settings travel coordinator -> node only (scalars)
            "DpSgdSettings.clip_norm:DOUBLE", "DpSgdSettings.noise_multiplier:DOUBLE", "DpSgdSettings.seeded_noise:BOOL",
            "DpSgdSettings.delta:DOUBLE",
            // site stages of the aggregation pipeline travel coordinator -> node only: a name and a few scalars
            "repeated FitTask.site_stages:MESSAGE", "SiteStageSpec.name:STRING", "repeated SiteStageSpec.params:MESSAGE",
            "ParamsEntry.key:STRING", "ParamsEntry.value:DOUBLE",
            // node -> coordinator: whether the weights that follow are its stages' delta rather than its model
            "FitResult.delta:BOOL",
            // secure aggregation. coordinator -> node: which protocol sums the round (a name), and each protocol step.
            // node -> coordinator: a sealed fit result (a flag: no weights, no count, no metric) and its step answers.
            // The step bytes are SecAggCodec messages: public keys, signatures, pairwise shares encrypted under keys
            // the coordinator does not hold, the update quantized and masked (uniform in the ring to anyone without
            // the masks), and the shares of dropped sites' keys / survivors' self-mask seeds the protocol reveals.
            "FitTask.secure_aggregation:STRING", "FitResult.sealed:BOOL",
            "Task.secure_step:MESSAGE", "SecureStepTask.message:BYTES",
            "TaskResult.secure_step:MESSAGE", "SecureStepResult.message:BYTES",
            "CancelTask.task_id:STRING", "CancelTask.reason:STRING",
            "TaskResult.task_id:STRING", "TaskResult.round:UINT32", "TaskResult.fit:MESSAGE", "TaskResult.evaluate:MESSAGE",
            "TaskResult.weights:MESSAGE",
            "FitResult.num_samples:INT64", "repeated FitResult.metrics:MESSAGE",
            "MetricsEntry.key:STRING", "MetricsEntry.value:DOUBLE",
            "EvaluateResult.loss:DOUBLE", "EvaluateResult.num_classes:UINT32", "repeated EvaluateResult.confusion:INT64",
            "EvaluateResult.roc_auc:DOUBLE",
            // the noise multiplier a node under a budget released its confusion matrix with: a setting of its own, not data
            "EvaluateResult.noise_multiplier:DOUBLE",
            "TaskFailure.task_id:STRING", "TaskFailure.reason:STRING", "Refusal.reason:STRING", "Refusal.fatal:BOOL",
            "TensorSpec.name:STRING", "repeated TensorSpec.shape:UINT32",
            "TransferHeader.transfer_id:STRING", "repeated TransferHeader.tensors:MESSAGE", "TransferHeader.total_bytes:UINT64",
            "TransferHeader.chunk_bytes:UINT32", "TransferHeader.sha256:BYTES",
            "WeightsChunk.transfer_id:STRING", "WeightsChunk.index:UINT32", "WeightsChunk.data:BYTES",
            "TransferAck.transfer_id:STRING", "TransferAck.next_chunk:UINT32", "TransferAck.complete:BOOL",
            "TransferAck.resume_possible:BOOL",
            // coordinator -> node only: its signed audit entry for the node's upload (site, round, SHA-256, signature)
            "TransferAck.receipt:STRING",
            // coordinator -> node: the study's image augmentation (a setting)
            "FitTask.augment:STRING",
            // coordinator -> node only: its signed audit entry for an accepted result without weights
            "CoordinatorMessage.receipt:MESSAGE", "ResultReceipt.task_id:STRING", "ResultReceipt.entry:STRING",
            // explanations (docs/EXPLANATIONS.md). Coordinator -> node: the study's settings, also in the approved description.
            "Task.explain:MESSAGE", "StudyDescription.explanation:MESSAGE", "ExplainTask.rows:UINT32", "ExplainTask.min_rows:UINT32",
            "ExplainTask.release:STRING", "ExplainTask.clip:DOUBLE", "ExplainTask.noise_multiplier:DOUBLE",
            "ExplainTask.seeded_noise:BOOL", "ExplainTask.delta:DOUBLE", "ExplainTask.seed:INT64",
            // node -> coordinator: per-feature means over at least explain_min_rows rows (never a row), the count
            // (the expected one under sample-level DP), the time taken and the ε the node booked
            "TaskResult.explain:MESSAGE", "ExplainResult.rows:INT64", "repeated ExplainResult.mean_abs_shap:DOUBLE",
            "repeated ExplainResult.permutation_importance:DOUBLE", "ExplainResult.seconds:DOUBLE",
            "ExplainResult.epsilon_explanation:DOUBLE", "ExplainResult.epsilon_total:DOUBLE",
            // personal models: coordinator -> node the fine-tuning settings (also in the approved description);
            // node -> coordinator the personal model's evaluation (the model itself stays at the site)
            "Task.personalize:MESSAGE", "PersonalizeTask.training:MESSAGE", "StudyDescription.finetune_epochs:UINT32",
            "TaskResult.personalize:MESSAGE", "PersonalizeResult.personal:MESSAGE");

    @Test
    void onlyWhitelistedFieldsExist() {
        FileDescriptor file = FederationProtos.getDescriptor();
        Set<String> found = new TreeSet<>();
        Set<String> floatingRepeated = new TreeSet<>();
        Deque<Descriptor> todo = new ArrayDeque<>(file.getMessageTypes());
        while (!todo.isEmpty()) {
            Descriptor d = todo.pop();
            todo.addAll(d.getNestedTypes());
            for (FieldDescriptor f : d.getFields()) {
                String key = (f.isRepeated() ? "repeated " : "") + d.getName() + "." + f.getName() + ":" + f.getType();
                found.add(key);
                if (f.isRepeated() && (f.getType() == FieldDescriptor.Type.FLOAT || f.getType() == FieldDescriptor.Type.DOUBLE)) {
                    floatingRepeated.add(key);
                }
            }
        }
        // a repeated float/double could carry feature vectors: only the reviewed per-feature aggregates may exist
        assertEquals(Set.of("repeated StatisticsResult.sum:DOUBLE", "repeated StatisticsResult.sum_sq:DOUBLE",
                "repeated Preprocessing.mean:DOUBLE", "repeated Preprocessing.std:DOUBLE", "repeated ExplainResult.mean_abs_shap:DOUBLE",
                "repeated ExplainResult.permutation_importance:DOUBLE"), floatingRepeated);
        Set<String> unexpected = new TreeSet<>(found);
        unexpected.removeAll(ALLOWED);
        assertEquals(Set.of(), unexpected, "fields not reviewed for privacy");
        Set<String> bytes = new TreeSet<>();
        for (String k : found) {
            if (k.endsWith(":BYTES")) {
                bytes.add(k);
            }
        }
        assertEquals(Set.of("TransferHeader.sha256:BYTES", "WeightsChunk.data:BYTES", "SecureStepTask.message:BYTES",
                "SecureStepResult.message:BYTES"), bytes);
        assertEquals(1, file.getServices().size());
        assertEquals(1, file.getServices().get(0).getMethods().size());
    }

    @Test
    void statisticsAreAggregatesOverEnoughRecords(@TempDir Path dir) throws IOException {
        TableSchema schema = new TableSchema("y", List.of("a", "b"), List.of("x", "rare"));
        StringBuilder csv = new StringBuilder("x,rare,y\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(',').append(i < 6 ? String.valueOf(i) : "").append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        SiteTable site = SiteTable.load(Files.writeString(dir.resolve("site.csv"), csv.toString()), schema, 0.2, 1);
        int min = OwnDataStudy.MIN_ROWS_FLOOR;

        // the site shares nothing about a feature few of its records have
        assertTrue(site.trainStatistics().observed()[1] > 0, "some training records have 'rare'");
        StatisticsResult shared = PrepProtocol.statisticsResult(new SiteStatistics(site.featureNames(), site.shareableTrainStatistics(min)));
        assertEquals(32, shared.getRows());
        assertEquals(List.of(32L, 0L), shared.getObservedList());
        assertEquals(0.0, shared.getSum(1));
        assertEquals(0.0, shared.getSumSq(1));
        PrepProtocol.siteStatistics(shared, min);

        // the coordinator refuses what an honest node would not send
        StatisticsResult leaky = PrepProtocol.statisticsResult(new SiteStatistics(site.featureNames(), site.trainStatistics()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrepProtocol.siteStatistics(leaky, min)).getMessage()
                .contains("fewer than 10 must be reported as none"));
        StatisticsResult tiny = shared.toBuilder().setRows(min - 1).build();
        assertThrows(IllegalArgumentException.class, () -> PrepProtocol.siteStatistics(tiny, min));
        assertThrows(IllegalArgumentException.class, () -> site.shareableTrainStatistics(33));

        // and no study can lower the minimum below the floor
        assertThrows(IllegalArgumentException.class,
                () -> new OwnDataStudy(new OwnDataSchema(schema, 0.2, 1), min - 1, 0.5));
    }
}

package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import org.fedmed.net.proto.FederationProtos;
import org.junit.jupiter.api.Test;

/**
 * The protocol must not be able to carry patient records: every field of every message is listed
 * here with its type. A new field fails this test until someone has looked at it and added it, and
 * the only byte fields are a weights chunk and a digest; there are no repeated floats or doubles.
 */
class ProtocolPrivacyTest {

    private static final Set<String> ALLOWED = Set.of(
            "NodeMessage.hello:MESSAGE", "NodeMessage.result:MESSAGE", "NodeMessage.chunk:MESSAGE", "NodeMessage.ack:MESSAGE",
            "NodeMessage.failure:MESSAGE",
            "CoordinatorMessage.welcome:MESSAGE", "CoordinatorMessage.task:MESSAGE", "CoordinatorMessage.chunk:MESSAGE",
            "CoordinatorMessage.ack:MESSAGE", "CoordinatorMessage.cancel:MESSAGE", "CoordinatorMessage.refusal:MESSAGE",
            "Hello.protocol_version:UINT32", "Hello.software:STRING", "repeated Hello.pending_uploads:STRING",
            "Welcome.protocol_version:UINT32", "Welcome.site_id:STRING", "Welcome.federation:STRING", "Welcome.model:MESSAGE", "Welcome.max_chunk_bytes:UINT32",
            "ModelDescriptor.architecture:STRING", "repeated ModelDescriptor.input_shape:UINT32", "ModelDescriptor.num_classes:UINT32",
            "repeated ModelDescriptor.hidden_units:UINT32", "ModelDescriptor.dropout:DOUBLE",
            "Task.task_id:STRING", "Task.round:UINT32", "Task.fit:MESSAGE", "Task.evaluate:MESSAGE", "Task.weights:MESSAGE",
            "FitTask.local_epochs:UINT32", "FitTask.batch_size:UINT32", "FitTask.learning_rate:DOUBLE", "FitTask.optimizer:STRING",
            "FitTask.momentum:DOUBLE", "FitTask.weight_decay:DOUBLE", "FitTask.proximal_mu:DOUBLE", "FitTask.balance_classes:BOOL",
            "FitTask.seed:INT64",
            "CancelTask.task_id:STRING", "CancelTask.reason:STRING",
            "TaskResult.task_id:STRING", "TaskResult.round:UINT32", "TaskResult.fit:MESSAGE", "TaskResult.evaluate:MESSAGE",
            "TaskResult.weights:MESSAGE",
            "FitResult.num_samples:INT64", "repeated FitResult.metrics:MESSAGE",
            "MetricsEntry.key:STRING", "MetricsEntry.value:DOUBLE",
            "EvaluateResult.loss:DOUBLE", "EvaluateResult.num_classes:UINT32", "repeated EvaluateResult.confusion:INT64",
            "EvaluateResult.roc_auc:DOUBLE",
            "TaskFailure.task_id:STRING", "TaskFailure.reason:STRING", "Refusal.reason:STRING",
            "TensorSpec.name:STRING", "repeated TensorSpec.shape:UINT32",
            "TransferHeader.transfer_id:STRING", "repeated TransferHeader.tensors:MESSAGE", "TransferHeader.total_bytes:UINT64",
            "TransferHeader.chunk_bytes:UINT32", "TransferHeader.sha256:BYTES",
            "WeightsChunk.transfer_id:STRING", "WeightsChunk.index:UINT32", "WeightsChunk.data:BYTES",
            "TransferAck.transfer_id:STRING", "TransferAck.next_chunk:UINT32", "TransferAck.complete:BOOL",
            "TransferAck.resume_possible:BOOL");

    @Test
    void onlyWhitelistedFieldsExist() {
        FileDescriptor file = FederationProtos.getDescriptor();
        Set<String> found = new TreeSet<>();
        Deque<Descriptor> todo = new ArrayDeque<>(file.getMessageTypes());
        while (!todo.isEmpty()) {
            Descriptor d = todo.pop();
            todo.addAll(d.getNestedTypes());
            for (FieldDescriptor f : d.getFields()) {
                String key = (f.isRepeated() ? "repeated " : "") + d.getName() + "." + f.getName() + ":" + f.getType();
                found.add(key);
                boolean floatingRepeated = f.isRepeated()
                        && (f.getType() == FieldDescriptor.Type.FLOAT || f.getType() == FieldDescriptor.Type.DOUBLE);
                assertFalse(floatingRepeated, key + ": a repeated float/double could carry feature vectors");
            }
        }
        Set<String> unexpected = new TreeSet<>(found);
        unexpected.removeAll(ALLOWED);
        assertEquals(Set.of(), unexpected, "fields not reviewed for privacy");
        Set<String> bytes = new TreeSet<>();
        for (String k : found) {
            if (k.endsWith(":BYTES")) {
                bytes.add(k);
            }
        }
        assertEquals(Set.of("TransferHeader.sha256:BYTES", "WeightsChunk.data:BYTES"), bytes);
        assertEquals(1, file.getServices().size());
        assertEquals(1, file.getServices().get(0).getMethods().size());
    }
}

package org.fedmed.core.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.optimizer.ServerSgd;
import org.fedmed.core.round.ControlVariate;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;

/**
 * SCAFFOLD (Karimireddy et al., ICML 2020): stochastic controlled averaging against client drift on
 * non-IID data. The coordinator keeps a control variate c and sends it with every fit assignment;
 * each site adds c − c_i to its gradients ({@link ControlVariate}). The model is aggregated as
 * FedAvg's ({@code mean(samples) → sgd(η_g)}, η_g = {@code server_lr}, 1 by default) and then
 * <pre>  c ← c + (1/N) Σ_{i∈S} (−c + (x − y_i)/(K_i·η))</pre>
 * with N the sites available, x the global model, y_i site i's model after K_i steps at rate η:
 * the paper's update of c from the sites' control changes, computed here from what the sites already
 * sent, so their c_i never leave them.
 *
 * <p>It needs plain local SGD (the control change is the mean gradient only for SGD without
 * momentum), the sites' models in the clear (refused with secure aggregation and client-level DP,
 * whose clipped and noised deltas it cannot read), and steps it can count (refused with DP-SGD).
 * Checkpointed state: c as {@code scaffold.control}.
 */
public final class Scaffold extends SamplingStrategy {

    private static final String STATE = "scaffold.control";

    private ModelWeights control;
    /** c restored from a checkpoint before the first round gives its layout. */
    private float[] restored;
    private int available;

    public Scaffold(StrategyOptions options, double serverLearningRate) {
        super(checked(options), new ServerSgd(serverLearningRate));
    }

    private static StrategyOptions checked(StrategyOptions options) {
        TrainingConfig t = options.training();
        if (t.optimizer() != OptimizerKind.SGD || t.momentum() != 0) {
            throw new IllegalArgumentException("strategy scaffold needs plain local SGD (optimizer sgd, momentum 0): its control"
                    + " variates are mean gradients, which " + t.optimizer().name().toLowerCase(Locale.ROOT)
                    + (t.momentum() != 0 ? " with momentum " + t.momentum() : "") + " steps do not give");
        }
        if (t.dpSgd() != null) {
            throw new IllegalArgumentException("strategy scaffold cannot be combined with sample-level DP (DP-SGD): the control"
                    + " variates assume the coordinator can count each site's steps, which Poisson sampling hides");
        }
        return options;
    }

    @Override
    public String name() {
        return "scaffold";
    }

    /** The server control variate c, or null before the first round. */
    public ModelWeights control() {
        return control;
    }

    @Override
    public List<FitAssignment> configureFit(int round, ModelWeights global, List<String> availableSites) {
        if (control == null) {
            control = restored != null ? global.withValues(restored) : ModelWeights.zeros(global.specs());
            restored = null;
        }
        available = availableSites.size();
        List<FitAssignment> out = new ArrayList<>();
        for (FitAssignment a : super.configureFit(round, global, availableSites)) {
            out.add(a.withControl(control));
        }
        return out;
    }

    @Override
    public ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates) {
        ModelWeights next = super.aggregateFit(round, global, updates);
        double lr = options.schedule().at(round, options.training().learningRate());
        ModelWeights sum = ModelWeights.zeros(global.specs());
        for (SiteUpdate u : updates) {
            if (u.isDelta()) {
                throw new IllegalStateException("scaffold needs each site's model, but site " + u.siteId() + " sent a delta");
            }
            long steps = options.training().stepsFor(u.numSamples());
            sum = sum.plusScaled(ControlVariate.change(control, global, u.weights(), steps, lr), 1f);
        }
        control = control.plusScaled(sum, 1f / Math.max(available, updates.size()));
        return next;
    }

    @Override
    public SecureInputSpec secureInput(int round, int participants, int threshold) {
        throw new IllegalArgumentException("strategy scaffold updates its control variate from each site's model, which a secure"
                + " sum hides; use fedavg or fedprox with secure aggregation");
    }

    @Override
    public String clientDpConflict() {
        return clientDpRefusal();
    }

    /** Why client-level DP and SCAFFOLD do not go together. */
    public static String clientDpRefusal() {
        return "strategy scaffold cannot be combined with client-level DP: DP-FedAvg clips and noises the sites' deltas, and the"
                + " control variates would be computed from unprotected models; use fedavg or fedprox with client-level DP";
    }

    @Override
    public StrategyState saveState() {
        StrategyState base = super.saveState();
        Map<String, float[]> arrays = new LinkedHashMap<>();
        base.names().forEach(n -> arrays.put(n, base.array(n)));
        if (control != null) {
            arrays.put(STATE, control.values());
        }
        return new StrategyState(name(), arrays);
    }

    @Override
    public void restoreState(StrategyState state) {
        Map<String, float[]> rest = new LinkedHashMap<>();
        float[] c = null;
        for (String n : state.names()) {
            if (n.equals(STATE)) {
                c = state.array(n);
            } else {
                rest.put(n, state.array(n));
            }
        }
        super.restoreState(new StrategyState(state.strategy(), rest));
        control = null;
        restored = c;
    }
}

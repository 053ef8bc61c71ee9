package org.fedmed.core.secure.secagg;

import org.fedmed.core.secure.identity.IdentityVerifier;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fedmed.core.secure.SecureAggregation;
import org.fedmed.core.secure.SecureInput;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.secure.SecureRoundResult;
import org.fedmed.core.secure.SecureTransport;

/**
 * SecAgg+ as a federation's protection: per round it derives k and t for the sites that trained,
 * chooses the quantization for the strategy's input, and runs {@link SecAggServer}.
 */
public final class SecAggPlus implements SecureAggregation {

    private final SecAggSettings settings;
    private final IdentityVerifier verifier;
    private final SecureRandom random;

    public SecAggPlus(SecAggSettings settings, IdentityVerifier verifier, SecureRandom random) {
        this.settings = settings;
        this.verifier = verifier;
        this.random = random;
    }

    @Override
    public String name() {
        return "secagg+";
    }

    public SecAggParameters parameters(int sites) {
        SecAggParameters p = SecAggParameters.derive(sites, settings.dropout(), settings.corruption());
        return settings.threshold() > 0 ? p.withThreshold(settings.threshold()) : p;
    }

    @Override
    public int threshold(int sites) {
        return parameters(sites).threshold();
    }

    @Override
    public String describe(int sites) {
        SecureInput.forRound(1, true, settings.range(), sites, settings.maxWeight(), 0); // refuses a range the ring cannot hold
        return "secagg+(" + parameters(sites).describe() + ", range c=" + settings.range() + ", 32-bit ring"
                + (settings.maxWeight() > 0 ? ", max weight W=" + (long) settings.maxWeight() : "") + ")";
    }

    @Override
    public SecureRoundResult sum(int round, List<String> sites, int modelSize, SecureInputSpec spec, SecureTransport transport) {
        List<String> sorted = new ArrayList<>(sites);
        Collections.sort(sorted);
        SecAggParameters params = parameters(sorted.size());
        SecureInput input = spec.inputFor(modelSize, settings.range(), sorted.size(), settings.maxWeight());
        byte[] session = new byte[SecAggConfig.SESSION_BYTES];
        random.nextBytes(session);
        SecAggConfig config = new SecAggConfig(session, round, sorted, params, random.nextLong(), input,
                spec.noiseMuAt(input.scale()));
        SecAggResult r = new SecAggServer(config, verifier).run(transport);
        return new SecureRoundResult(name(), params.describe() + ", " + input.describe(), sorted.size(), input,
                input.decode(r.sum(), r.survivors().size()), r.survivors(), r.dropped(), r.tampering(),
                r.totalBytesToSites(), r.totalBytesFromSites());
    }
}
